import type { DomainEvent } from '../domain/events.ts';
import { CHANNELS, notificationKindOf, type Channel } from './channels.ts';
import { isChannelEnabled } from './settings.ts';
import { readSettings } from './settings-store.ts';

/**
 * Returns the channels that should deliver the event, from the applicant's settings as they are
 * now: the publisher sends them as the `channels` message attribute that the per-channel
 * subscriptions filter on. Push needs a registered device, so it is left out without one. An
 * event type that notifies no applicant gets no channels.
 */
export async function channelsForEvent(event: Pick<DomainEvent, 'type' | 'applicantId'>): Promise<Channel[]> {
  const kind = notificationKindOf(event.type);
  if (kind === undefined) return [];

  const settings = await readSettings(event.applicantId);
  return CHANNELS.filter((channel) => {
    if (channel === 'push' && settings.pushEndpointArn === undefined) return false;
    return isChannelEnabled(settings, kind, channel);
  });
}
