import { APPLICANT_EVENT_TYPES, CHANNELS, OPERATOR_EVENT_TYPE, type Channel } from './channels.ts';

/**
 * SNS subscription filter policies of the notification queues, as plain data in SNS's own JSON
 * form. The CDK construct and the local runtime both subscribe with these, so local routing is
 * the routing on AWS.
 *
 * A message attribute that contains a list (String.Array, as `channels` does) matches a policy
 * value when any of its elements equals that value.
 */
export type FilterPolicy = Record<string, string[]>;

/** The queues that consume the events topic for notifications. */
export type NotificationQueue = Channel | 'operators';

export const NOTIFICATION_QUEUES: readonly NotificationQueue[] = [...CHANNELS, 'operators'];

/**
 * Returns the policy of a channel's queue: the events whose `channels` attribute names it. The event-type
 * condition repeats what the publisher already ensures, so a wrongly tagged event of another
 * kind cannot reach an applicant.
 */
function channelPolicy(channel: Channel): FilterPolicy {
  return { channels: [channel], eventType: [...APPLICANT_EVENT_TYPES] };
}

export const FILTER_POLICIES: Record<NotificationQueue, FilterPolicy> = {
  push: channelPolicy('push'),
  sms: channelPolicy('sms'),
  email: channelPolicy('email'),
  operators: { eventType: [OPERATOR_EVENT_TYPE] },
};
