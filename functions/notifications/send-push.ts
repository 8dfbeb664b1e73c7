import { PublishCommand } from '@aws-sdk/client-sns';
import { snsClient } from '../commons/clients.ts';
import type { DomainEvent } from '../domain/events.ts';
import { settingsIfChannelWanted } from './applicant-settings-check.ts';
import { portalBaseUrl, pushPlatformApplicationArns } from './config.ts';
import { PermanentDeliveryError, callProvider } from './delivery-errors.ts';
import { notificationHandler, type ChannelSender } from './process-notifications.ts';
import { platformApplicationArnOf } from './push-endpoints.ts';
import type { NotificationSettings } from './settings.ts';
import { applicationUrl, renderPush } from './templates.ts';

/** SNS errors after which the same push will never go through: a disabled or deleted endpoint. */
const PERMANENT_PUSH_ERRORS = ['EndpointDisabledException', 'InvalidParameterException', 'NotFoundException'];

/**
 * Builds the SNS message with one payload per platform (MessageStructure json): SNS picks the
 * one for the endpoint's platform. The payloads carry the application id and link, which the app
 * opens when tapped.
 */
export function buildPushPayload(event: DomainEvent, baseUrl: string): string {
  const { title, body } = renderPush(event);
  const data = { applicationId: event.applicationId, eventType: event.type, url: applicationUrl(baseUrl, event.applicationId) };
  const apns = JSON.stringify({ aps: { alert: { title, body }, sound: 'default' }, ...data });
  return JSON.stringify({
    default: `${title}. ${body}`,
    GCM: JSON.stringify({ notification: { title, body }, data }),
    APNS: apns,
    APNS_SANDBOX: apns,
  });
}

/** Publishes the push to the applicant's registered device endpoint. */
export async function sendPush(event: DomainEvent, settings: NotificationSettings): Promise<string | undefined> {
  const endpointArn = settings.pushEndpointArn;
  if (endpointArn === undefined) throw new PermanentDeliveryError('NO_PUSH_ENDPOINT', 'The applicant has no registered device');

  // The API accepts any well-formed endpoint ARN; only the stage's own apps may be published to.
  const application = platformApplicationArnOf(endpointArn);
  if (application === undefined || !pushPlatformApplicationArns().includes(application)) {
    throw new PermanentDeliveryError('PUSH_ENDPOINT_NOT_ALLOWED', 'The endpoint belongs to no platform application of this stage');
  }

  const result = await callProvider(
    () =>
      snsClient.send(
        new PublishCommand({ TargetArn: endpointArn, MessageStructure: 'json', Message: buildPushPayload(event, portalBaseUrl()) }),
      ),
    PERMANENT_PUSH_ERRORS,
  );
  return result.MessageId;
}

export const pushSender: ChannelSender<NotificationSettings> = {
  channel: 'push',
  prepare: async (event) => {
    const settings = await settingsIfChannelWanted(event, 'push');
    // Without a registered device there is no push recipient, so the event is skipped.
    return settings?.pushEndpointArn === undefined ? undefined : settings;
  },
  send: (event, settings) => sendPush(event, settings),
};

export const handler = notificationHandler(pushSender);
