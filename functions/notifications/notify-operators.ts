import type { DomainEvent } from '../domain/events.ts';
import { OPERATOR_EVENT_TYPE } from './channels.ts';
import { operatorsEmailAddress } from './config.ts';
import { notificationHandler, type ChannelSender } from './process-notifications.ts';
import { sendEmailMessage } from './send-email-message.ts';
import { PoisonMessageError } from './sns-envelope.ts';
import { renderOperatorEmail } from './templates.ts';

/** Tells the operators' mailbox that a workflow step waits for a decision. */
export function notifyOperators(event: DomainEvent): Promise<string | undefined> {
  return sendEmailMessage(operatorsEmailAddress(), renderOperatorEmail(event));
}

export const operatorsSender: ChannelSender<true> = {
  channel: 'operators',
  prepare: async (event) => {
    if (event.type !== OPERATOR_EVENT_TYPE) throw new PoisonMessageError(`Event type ${event.type} is not for operators`);
    return true;
  },
  send: (event) => notifyOperators(event),
};

export const handler = notificationHandler(operatorsSender);
