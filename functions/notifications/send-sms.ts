import { PublishCommand } from '@aws-sdk/client-sns';
import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import { snsClient } from '../commons/clients.ts';
import type { DomainEvent } from '../domain/events.ts';
import { settingsIfChannelWanted } from './applicant-settings-check.ts';
import { portalBaseUrl, smsSenderId } from './config.ts';
import { readApplicationContacts } from './contacts.ts';
import { PermanentDeliveryError, callProvider } from './delivery-errors.ts';
import { notificationHandler, type ChannelSender } from './process-notifications.ts';
import type { NotificationSettings } from './settings.ts';
import { renderSms } from './templates.ts';

/** SNS errors after which the same SMS will never go through. */
const PERMANENT_SMS_ERRORS = ['InvalidParameterException', 'InvalidParameterValueException', 'OptedOutException'];

function smsAttributes(): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {
    // Transactional SMS get the more reliable route and are delivered to numbers on DND lists.
    'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
  };
  const senderId = smsSenderId();
  if (senderId !== undefined) attributes['AWS.SNS.SMS.SenderID'] = { DataType: 'String', StringValue: senderId };
  return attributes;
}

/** Sends the SMS to the phone number on the application form. */
export async function sendSms(event: DomainEvent): Promise<string | undefined> {
  const { phone } = await readApplicationContacts(event.applicationId, event.applicantId);
  if (phone === undefined) throw new PermanentDeliveryError('NO_PHONE', 'The application form has no valid phone number');

  const result = await callProvider(
    () =>
      snsClient.send(
        new PublishCommand({ PhoneNumber: phone, Message: renderSms(event, portalBaseUrl()), MessageAttributes: smsAttributes() }),
      ),
    PERMANENT_SMS_ERRORS,
  );
  return result.MessageId;
}

export const smsSender: ChannelSender<NotificationSettings> = {
  channel: 'sms',
  prepare: (event) => settingsIfChannelWanted(event, 'sms'),
  send: (event) => sendSms(event),
};

export const handler = notificationHandler(smsSender);
