import type { DomainEvent } from '../domain/events.ts';
import { settingsIfChannelWanted } from './applicant-settings-check.ts';
import { portalBaseUrl } from './config.ts';
import { readApplicationContacts } from './contacts.ts';
import { PermanentDeliveryError } from './delivery-errors.ts';
import { notificationHandler, type ChannelSender } from './process-notifications.ts';
import { sendEmailMessage } from './send-email-message.ts';
import type { NotificationSettings } from './settings.ts';
import { renderEmail } from './templates.ts';

/** Sends the e-mail to the address on the application form. */
export async function sendEmail(event: DomainEvent): Promise<string | undefined> {
  const { email } = await readApplicationContacts(event.applicationId, event.applicantId);
  if (email === undefined) throw new PermanentDeliveryError('NO_EMAIL', 'The application form has no valid e-mail address');
  return sendEmailMessage(email, renderEmail(event, portalBaseUrl()));
}

export const emailSender: ChannelSender<NotificationSettings> = {
  channel: 'email',
  prepare: (event) => settingsIfChannelWanted(event, 'email'),
  send: (event) => sendEmail(event),
};

export const handler = notificationHandler(emailSender);
