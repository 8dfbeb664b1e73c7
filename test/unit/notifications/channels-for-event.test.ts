import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelsForEvent } from '../../../functions/notifications/channels-for-event.ts';
import { DEFAULT_PREFERENCES } from '../../../functions/notifications/settings.ts';
import { APPLICANT_ID, sampleEvent } from './sample-events.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const ENDPOINT = 'arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/kontrakt-android/2f1c7f4e-8a5d-3b8e-9c1a-0d2e4f6a8b0c';

beforeAll(() => {
  process.env.STATE_TABLE_NAME = 'state';
  process.env.AWS_REGION = 'eu-central-1';
});

beforeEach(() => {
  dynamo.reset();
});

describe('channelsForEvent', () => {
  it('uses the defaults for an applicant without settings', async () => {
    dynamo.on(GetCommand).resolves({});

    const channels = await channelsForEvent(sampleEvent('STATUS_CHANGED'));

    expect(channels).toEqual(['sms', 'email']);
  });

  it('adds push once a device is registered', async () => {
    dynamo.on(GetCommand).resolves({ Item: { applicantId: APPLICANT_ID, version: 1, preferences: DEFAULT_PREFERENCES, pushEndpointArn: ENDPOINT } });

    const channels = await channelsForEvent(sampleEvent('STATUS_CHANGED'));

    expect(channels).toEqual(['push', 'sms', 'email']);
  });

  it('follows the choice for the event kind', async () => {
    const preferences = { ...DEFAULT_PREFERENCES, documents: { push: true, sms: true, email: false } };
    dynamo.on(GetCommand).resolves({ Item: { applicantId: APPLICANT_ID, version: 3, preferences, pushEndpointArn: ENDPOINT } });

    const channels = await channelsForEvent(sampleEvent('DOCUMENT_REJECTED'));

    expect(channels).toEqual(['push', 'sms']);
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: `APPLICANT#${APPLICANT_ID}`, sk: 'NOTIFICATION_SETTINGS' },
      ConsistentRead: true,
    });
  });

  it('returns no channels for an event that notifies no applicant, without reading', async () => {
    const channels = await channelsForEvent(sampleEvent('OPERATOR_STEP_WAITING'));

    expect(channels).toEqual([]);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });
});
