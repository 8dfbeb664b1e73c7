import type { DomainEvent } from '../domain/events.ts';
import { notificationKindOf, type Channel } from './channels.ts';
import { isChannelEnabled, type NotificationSettings } from './settings.ts';
import { readSettings } from './settings-store.ts';
import { PoisonMessageError } from './sns-envelope.ts';

/**
 * Re-reads the applicant's settings when the message arrives. Returns them when the channel is
 * still on for the event's kind, or undefined when the applicant has turned it off since the
 * event was published, so turning SMS off also stops the SMS still queued.
 */
export async function settingsIfChannelWanted(event: DomainEvent, channel: Channel): Promise<NotificationSettings | undefined> {
  const kind = notificationKindOf(event.type);
  if (kind === undefined) throw new PoisonMessageError(`Event type ${event.type} notifies no applicant`);

  const settings = await readSettings(event.applicantId);
  return isChannelEnabled(settings, kind, channel) ? settings : undefined;
}
