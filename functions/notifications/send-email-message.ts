import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { sesClient } from './clients.ts';
import { emailFromAddress, sesConfigurationSetName } from './config.ts';
import { callProvider } from './delivery-errors.ts';
import type { EmailMessage } from './email-layout.ts';

/** SES errors after which the same e-mail will never go through. */
const PERMANENT_EMAIL_ERRORS = ['BadRequestException', 'MessageRejected', 'NotFoundException'];

/** Sends an e-mail with a text and an HTML part from the configured sender through SES; returns its message id. */
export async function sendEmailMessage(recipient: string, message: EmailMessage): Promise<string | undefined> {
  const content = { Charset: 'UTF-8' };
  const result = await callProvider(
    () =>
      sesClient.send(
        new SendEmailCommand({
          FromEmailAddress: emailFromAddress(),
          Destination: { ToAddresses: [recipient] },
          ConfigurationSetName: sesConfigurationSetName(),
          Content: {
            Simple: {
              Subject: { ...content, Data: message.subject },
              Body: { Text: { ...content, Data: message.text }, Html: { ...content, Data: message.html } },
            },
          },
        }),
      ),
    PERMANENT_EMAIL_ERRORS,
  );
  return result.MessageId;
}
