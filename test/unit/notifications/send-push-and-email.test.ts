import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callProvider, PermanentDeliveryError, TransientDeliveryError } from '../../../functions/notifications/delivery-errors.ts';
import type { ChannelSender } from '../../../functions/notifications/process-notifications.ts';
import { DEFAULT_PREFERENCES } from '../../../functions/notifications/settings.ts';
import { testContext } from './lambda-test-context.ts';
import { APPLICANT_ID, APPLICATION_ID, sampleEvent, sqsRecordOf } from './sample-events.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const sns = mockClient(SNSClient);
const ses = mockClient(SESv2Client);

const PLATFORM_APPLICATION = 'arn:aws:sns:eu-central-1:123456789012:app/GCM/kontrakt-android';
const ENDPOINT = 'arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/kontrakt-android/2f1c7f4e-8a5d-3b8e-9c1a-0d2e4f6a8b0c';
const FOREIGN_ENDPOINT = 'arn:aws:sns:eu-central-1:999999999999:endpoint/GCM/other-app/2f1c7f4e-8a5d-3b8e-9c1a-0d2e4f6a8b0c';

type Handler = (event: { Records: ReturnType<typeof sqsRecordOf>[] }, context: ReturnType<typeof testContext>) => Promise<{
  batchItemFailures: { itemIdentifier: string }[];
}>;
let sendPush: Handler;
let sendEmail: Handler;
let notifyOperators: Handler;
let pushSender: ChannelSender<unknown>;

beforeAll(async () => {
  process.env.STATE_TABLE_NAME = 'state';
  process.env.PERSONAL_DATA_TABLE_NAME = 'personal-data';
  process.env.PERSONAL_DATA_BUCKET_NAME = 'personal-data-bucket';
  process.env.PORTAL_BASE_URL = 'https://kontrakt.gosuslugi.ru/';
  process.env.EMAIL_FROM_ADDRESS = 'noreply@kontrakt.gosuslugi.ru';
  process.env.OPERATORS_EMAIL_ADDRESS = 'operators@kontrakt.gosuslugi.ru';
  process.env.PUSH_PLATFORM_APPLICATION_ARNS = PLATFORM_APPLICATION;
  process.env.AWS_REGION = 'eu-central-1';
  const push = await import('../../../functions/notifications/send-push.ts');
  sendPush = push.handler as unknown as Handler;
  pushSender = push.pushSender as ChannelSender<unknown>;
  sendEmail = (await import('../../../functions/notifications/send-email.ts')).handler as unknown as Handler;
  notifyOperators = (await import('../../../functions/notifications/notify-operators.ts')).handler as unknown as Handler;
});

/** Serves the settings (defaults when undefined) and the application form by sort key. */
function serveSettingsAndForm(settings: Record<string, unknown> | undefined, form: Record<string, unknown>) {
  dynamo.on(GetCommand).callsFake((input: { Key: { sk: string } }) => {
    if (input.Key.sk === 'NOTIFICATION_SETTINGS') return { Item: settings };
    if (input.Key.sk === 'FORM') return { Item: { applicationId: APPLICATION_ID, applicantId: APPLICANT_ID, form, version: 1 } };
    return {};
  });
}

beforeEach(() => {
  dynamo.reset();
  sns.reset();
  ses.reset();
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: 'push-1' });
  ses.on(SendEmailCommand).resolves({ MessageId: 'email-1' });
});

describe('send-push handler', () => {
  it('publishes a platform payload to the registered endpoint', async () => {
    serveSettingsAndForm({ applicantId: APPLICANT_ID, version: 1, pushEndpointArn: ENDPOINT, preferences: DEFAULT_PREFERENCES }, {});

    const result = await sendPush({ Records: [sqsRecordOf(sampleEvent('CONTRACT_CREATED'))] }, testContext('SendPush'));

    expect(result.batchItemFailures).toEqual([]);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.TargetArn).toBe(ENDPOINT);
    expect(input.MessageStructure).toBe('json');
    const payload = JSON.parse(input.Message!) as Record<string, string>;
    const gcm = JSON.parse(payload.GCM!) as { notification: { title: string }; data: { url: string } };
    expect(gcm.notification.title).toBe('Контракт сформирован');
    expect(gcm.data.url).toBe(`https://kontrakt.gosuslugi.ru/applications/${APPLICATION_ID}`);
    expect(JSON.parse(payload.APNS!)).toHaveProperty('aps.alert.title', 'Контракт сформирован');
  });

  it('skips the push when no device is registered', async () => {
    serveSettingsAndForm(undefined, {});

    const result = await sendPush({ Records: [sqsRecordOf(sampleEvent('CONTRACT_CREATED'))] }, testContext('SendPush'));

    expect(result.batchItemFailures).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('refuses an endpoint of another platform application', async () => {
    const settings = { applicantId: APPLICANT_ID, version: 1, pushEndpointArn: FOREIGN_ENDPOINT, preferences: {} };

    const sending = pushSender.send(sampleEvent('CONTRACT_CREATED'), settings);

    await expect(sending).rejects.toMatchObject({ reasonCode: 'PUSH_ENDPOINT_NOT_ALLOWED' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });
});

describe('send-email handler', () => {
  it('sends subject, text and HTML from the configured sender to the form address', async () => {
    serveSettingsAndForm(undefined, { email: 'ivanov@example.ru' });

    const result = await sendEmail({ Records: [sqsRecordOf(sampleEvent('FEEDBACK_ANSWERED'))] }, testContext('SendEmail'));

    expect(result.batchItemFailures).toEqual([]);
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.FromEmailAddress).toBe('noreply@kontrakt.gosuslugi.ru');
    expect(input.Destination?.ToAddresses).toEqual(['ivanov@example.ru']);
    expect(input.Content?.Simple?.Subject?.Data).toBe('Получен ответ на обращение — служба по контракту');
    expect(input.Content?.Simple?.Body?.Text?.Data).toContain(`https://kontrakt.gosuslugi.ru/applications/${APPLICATION_ID}`);
    expect(input.Content?.Simple?.Body?.Html?.Data).toContain('<a href=');
  });

  it('records an invalid address as failed without sending', async () => {
    serveSettingsAndForm(undefined, { contacts: { email: 'not-an-address' } });

    const result = await sendEmail({ Records: [sqsRecordOf(sampleEvent('FEEDBACK_ANSWERED'))] }, testContext('SendEmail'));

    expect(result.batchItemFailures).toEqual([]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    const marked = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(marked.ExpressionAttributeValues).toMatchObject({ ':status': 'failed', ':reasonCode': 'NO_EMAIL' });
  });
});

describe('notify-operators handler', () => {
  it('e-mails the operators mailbox about a waiting step', async () => {
    const event = sampleEvent('OPERATOR_STEP_WAITING', { step: 'DECIDE' });

    const result = await notifyOperators({ Records: [sqsRecordOf(event)] }, testContext('NotifyOperators'));

    expect(result.batchItemFailures).toEqual([]);
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Destination?.ToAddresses).toEqual(['operators@kontrakt.gosuslugi.ru']);
    const claim = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(claim.Item?.pk).toBe(`DELIVERY#${event.eventId}#operators`);
  });

  it('rejects an applicant event that reached the operators queue', async () => {
    const record = sqsRecordOf(sampleEvent('STATUS_CHANGED'));

    const result = await notifyOperators({ Records: [record] }, testContext('NotifyOperators'));

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe('callProvider', () => {
  it('drops the provider message, which may quote a contact', async () => {
    const failure = Object.assign(new Error('Invalid parameter: PhoneNumber +79161234567'), {
      name: 'InternalErrorException',
      $metadata: { httpStatusCode: 500 },
    });

    const call = callProvider(() => Promise.reject(failure), []);

    await expect(call).rejects.toBeInstanceOf(TransientDeliveryError);
    await expect(call).rejects.not.toHaveProperty('message', expect.stringContaining('79161234567'));
  });

  it('maps a listed error name to a permanent failure', async () => {
    const failure = Object.assign(new Error('Endpoint is disabled'), { name: 'EndpointDisabledException' });

    const call = callProvider(() => Promise.reject(failure), ['EndpointDisabledException']);

    await expect(call).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(call).rejects.toHaveProperty('reasonCode', 'EndpointDisabledException');
  });
});
