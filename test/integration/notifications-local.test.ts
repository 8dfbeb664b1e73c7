/**
 * Runs notification delivery as the local runtime wires it. dynalite holds the state and
 * personal-data tables. The notification queues subscribe to the local SNS topic through the
 * shared filter policies, the sender functions run in-process, and the local SES endpoint
 * writes e-mails to the outbox. Nothing is mocked.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionSpec } from '../../functions/catalog.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';
import { DEFAULT_PREFERENCES } from '../../functions/notifications/settings.ts';
import { LocalFunction } from '../../local/lambda/invoke-local.ts';
import type { LocalNotifications } from '../../local/notifications/wire-local-notifications.ts';
import type { LocalSns } from '../../local/sns/start-local-sns.ts';
import { createServiceTables, startDynalite, type LocalDynamo } from '../support/dynalite-tables.ts';
import { setServiceEnvironment } from '../support/service-environment.ts';

const REGION = 'eu-central-1';
const ACCOUNT = '000000000000';
const CREDENTIALS = { accessKeyId: 'kontrakt-local', secretAccessKey: 'kontrakt-local-secret' };
const STATE_TABLE = 'kontrakt-state';
const PERSONAL_DATA_TABLE = 'kontrakt-personal-data';
const TOPIC = 'kontrakt-events';
const APPLICANT_EMAIL = 'ivanov@example.ru';

let dynamo: LocalDynamo;
let dataDir: string;
let sns: LocalSns;
let notifications: LocalNotifications;
let state: DynamoDBDocumentClient;
const savedEnvironment = { ...process.env };

// Modules that build AWS clients at import time, loaded once the environment points at the local stack.
let domain: {
  insertApplication: typeof import('../../functions/domain/applications.ts').insertApplication;
  commitChange: typeof import('../../functions/domain/commit-change.ts').commitChange;
  putForm: typeof import('../../functions/personal-data/forms.ts').putForm;
  replacePreferences: typeof import('../../functions/notifications/settings-store.ts').replacePreferences;
};

/** Invokes a catalogue function in this process as the local runtime does, failing when the handler fails. */
function invokeLocally(): (spec: FunctionSpec, event: unknown) => Promise<unknown> {
  const functions = new Map<string, LocalFunction>();
  return async (spec, event) => {
    let fn = functions.get(spec.id);
    if (fn === undefined) {
      fn = new LocalFunction({
        entry: spec.entry,
        functionName: spec.id,
        region: REGION,
        accountId: ACCOUNT,
        timeoutSeconds: spec.timeoutSeconds,
      });
      functions.set(spec.id, fn);
    }
    const result = await fn.invoke(event);
    if (!result.ok) throw new Error(`${spec.id} failed: ${result.error.errorType}: ${result.error.errorMessage}`);
    return result.payload;
  };
}

async function readOutbox(): Promise<Record<string, unknown>[]> {
  const content = await readFile(join(dataDir, 'outbox.jsonl'), 'utf8').catch(() => '');
  return content
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function settle(): Promise<void> {
  await sns.drain();
  await notifications.drain();
}

beforeAll(async () => {
  dynamo = await startDynalite();
  const dynamoEndpoint = dynamo.endpoint;
  await createServiceTables({ endpoint: dynamoEndpoint, region: REGION, credentials: CREDENTIALS }, { stateTable: STATE_TABLE, personalDataTable: PERSONAL_DATA_TABLE });
  dataDir = await mkdtemp(join(tmpdir(), 'kontrakt-notifications-'));

  const { startLocalSns } = await import('../../local/sns/start-local-sns.ts');
  sns = await startLocalSns({ port: 0, region: REGION, accountId: ACCOUNT, topics: [TOPIC], outboxPath: join(dataDir, 'outbox.jsonl') });
  setServiceEnvironment({
    region: REGION,
    credentials: CREDENTIALS,
    dynamoEndpoint,
    snsEndpoint: sns.endpoint,
    stateTable: STATE_TABLE,
    eventsTopicArn: sns.topicArn(TOPIC),
    personalData: { table: PERSONAL_DATA_TABLE, bucket: 'kontrakt-personal-data' },
    logLevel: 'WARN',
  });
  delete process.env.PORTAL_BASE_URL;

  const { wireLocalNotifications } = await import('../../local/notifications/wire-local-notifications.ts');
  notifications = await wireLocalNotifications({
    sns,
    dataDir,
    invoke: invokeLocally(),
    portalBaseUrl: 'https://kontrakt.gosuslugi.ru',
    visibilityTimeoutMs: 10,
  });

  domain = {
    insertApplication: (await import('../../functions/domain/applications.ts')).insertApplication,
    commitChange: (await import('../../functions/domain/commit-change.ts')).commitChange,
    putForm: (await import('../../functions/personal-data/forms.ts')).putForm,
    replacePreferences: (await import('../../functions/notifications/settings-store.ts')).replacePreferences,
  };
  state = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamoEndpoint, region: REGION, credentials: CREDENTIALS }));
});

afterAll(async () => {
  state?.destroy();
  await notifications?.stop();
  await sns?.stop();
  await dynamo?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  process.env = savedEnvironment;
});

let sequence = 0;

/** Stores an application with a form holding the applicant's contacts; returns its ids. */
async function seedApplication(): Promise<{ applicationId: string; applicantId: string }> {
  sequence++;
  const applicationId = `01JNOTIFY${String(sequence).padStart(17, '0')}`;
  const applicantId = `applicant-notify-${sequence}`;
  const now = new Date().toISOString();
  await domain.putForm(
    { applicationId, applicantId, version: 1, updatedAt: now, form: { contacts: { phone: '+7 916 123-45-67', email: APPLICANT_EMAIL } } },
    undefined,
  );
  await domain.insertApplication({
    applicationId,
    applicantId,
    event: {
      eventId: `created-${applicationId}`,
      type: 'APPLICATION_CREATED',
      applicationId,
      applicantId,
      occurredAt: now,
      actor: { kind: 'applicant', id: applicantId },
      status: 'RECEIVED',
    },
  });
  return { applicationId, applicantId };
}

async function commitEvent(ids: { applicationId: string; applicantId: string }, event: Partial<DomainEvent> & Pick<DomainEvent, 'type' | 'status'>) {
  const eventId = `${event.type.toLowerCase()}-${ids.applicationId}`;
  const result = await domain.commitChange({
    applicationId: ids.applicationId,
    event: { eventId, occurredAt: new Date().toISOString(), actor: { kind: 'system', id: 'kontrakt' }, ...ids, ...event },
    allowedStatuses: ['RECEIVED', 'IN_REVIEW'],
  });
  expect(result.outcome).toBe('committed');
  return eventId;
}

describe('local notification delivery', () => {
  it('delivers a status change on the channels the applicant chose', async () => {
    const ids = await seedApplication();
    const onlyEmail = { ...DEFAULT_PREFERENCES, statusChanges: { push: false, sms: false, email: true } };
    await domain.replacePreferences(ids.applicantId, onlyEmail, 0);

    const eventId = await commitEvent(ids, { type: 'STATUS_CHANGED', status: 'IN_REVIEW' });
    await settle();

    const outbox = await readOutbox();
    const published = outbox.find((line) => line.subscription === 'notifications-email' && String(line.message).includes(eventId));
    expect(published?.messageAttributes).toMatchObject({ channels: { Type: 'String.Array', Value: '["email"]' } });
    expect(outbox.some((line) => line.subscription === 'notifications-sms' && String(line.message).includes(eventId))).toBe(false);
    const emails = outbox.filter((line) => line.channel === 'email' && String(line.text).includes(ids.applicationId));
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      to: [APPLICANT_EMAIL],
      from: 'noreply@kontrakt.local',
      subject: 'Заявление на проверке — служба по контракту',
    });
    expect(String(emails[0]!.html)).toContain(`href="https://kontrakt.gosuslugi.ru/applications/${ids.applicationId}"`);
    const delivery = await state.send(new GetCommand({ TableName: STATE_TABLE, Key: { pk: `DELIVERY#${eventId}#email`, sk: 'DELIVERY' } }));
    expect(delivery.Item).toMatchObject({ status: 'sent', channel: 'email', applicationId: ids.applicationId });
  });

  it('sends one e-mail for a message delivered twice', async () => {
    const ids = await seedApplication();
    const eventId = await commitEvent(ids, { type: 'STATUS_CHANGED', status: 'IN_REVIEW' });
    await settle();
    const copy = (await readOutbox()).find((line) => line.subscription === 'notifications-email' && String(line.message).includes(eventId));
    const { toSqsNotificationBody } = await import('../../local/sns/sns-delivery.ts');
    const body = toSqsNotificationBody({
      topicArn: sns.topicArn(TOPIC),
      subscription: 'notifications-email',
      messageId: String(copy?.messageId),
      message: String(copy?.message),
      messageAttributes: {},
      timestamp: new Date().toISOString(),
    });

    notifications.queues.email.send(body);
    notifications.queues.email.send(body);
    await settle();

    const emails = (await readOutbox()).filter((line) => line.channel === 'email' && String(line.text).includes(ids.applicationId));
    expect(emails).toHaveLength(1);
  });

  it('e-mails the operators about a step waiting for them', async () => {
    const ids = await seedApplication();

    await commitEvent(ids, { type: 'OPERATOR_STEP_WAITING', status: 'IN_REVIEW', step: 'DECIDE' });
    await settle();

    const emails = (await readOutbox()).filter((line) => line.channel === 'email' && String(line.subject).includes(ids.applicationId));
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ to: ['operators@kontrakt.local'] });
    expect(String(emails[0]!.text)).toContain('Шаг: DECIDE');
  });

  it('parks a malformed message in the dead-letter file after five receives', async () => {
    notifications.queues.sms.send('{not json');
    await settle();

    const deadLetters = (await readFile(join(dataDir, 'notification-dead-letters.jsonl'), 'utf8')).trim().split('\n');
    expect(deadLetters.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ queue: 'notifications-sms', receiveCount: 5, body: '{not json' }),
    );
  });
});

describe('notification settings against dynalite', () => {
  it('rejects a stale version and journals each saved change', async () => {
    const applicantId = 'applicant-settings-1';
    await domain.replacePreferences(applicantId, DEFAULT_PREFERENCES, 0);
    const noSms = { ...DEFAULT_PREFERENCES, contractOverdue: { push: true, sms: false, email: true } };
    await domain.replacePreferences(applicantId, noSms, 1);

    const stale = domain.replacePreferences(applicantId, DEFAULT_PREFERENCES, 1);

    await expect(stale).rejects.toMatchObject({ statusCode: 412, code: 'SETTINGS_VERSION_MISMATCH' });
    const settings = await state.send(
      new GetCommand({ TableName: STATE_TABLE, Key: { pk: `APPLICANT#${applicantId}`, sk: 'NOTIFICATION_SETTINGS' } }),
    );
    expect(settings.Item).toMatchObject({ version: 2, preferences: noSms, pendingJournal: {} });
    const journal = await state.send(
      new QueryCommand({
        TableName: STATE_TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `APPLICANT#${applicantId}`, ':prefix': 'JOURNAL#' },
      }),
    );
    expect(journal.Items?.map((item) => [item.type, item.version])).toEqual([
      ['NOTIFICATION_SETTINGS_CHANGED', 1],
      ['NOTIFICATION_SETTINGS_CHANGED', 2],
    ]);
  });

  it('lets only one of two concurrent changes of the same version win', async () => {
    const applicantId = 'applicant-settings-2';
    const noEmail = { ...DEFAULT_PREFERENCES, feedbackAnswers: { push: true, sms: false, email: false } };

    const results = await Promise.allSettled([
      domain.replacePreferences(applicantId, DEFAULT_PREFERENCES, 0),
      domain.replacePreferences(applicantId, noEmail, 0),
    ]);

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
  });
});
