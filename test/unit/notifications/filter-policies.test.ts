import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../functions/domain/events.ts';
import { eventMessageAttributes } from '../../../functions/domain/publish-events.ts';
import { APPLICANT_EVENT_TYPES, CHANNELS, type Channel } from '../../../functions/notifications/channels.ts';
import { FILTER_POLICIES, NOTIFICATION_QUEUES } from '../../../functions/notifications/filter-policies.ts';
import { sampleEvent } from './sample-events.ts';
import { matchesFilterPolicy, toEnvelopeAttributes } from './sns-filter-matcher.ts';

/** Every subset of the channels, the empty one included. */
const CHANNEL_SUBSETS: Channel[][] = Array.from({ length: 2 ** CHANNELS.length }, (_, mask) =>
  CHANNELS.filter((_, index) => (mask & (1 << index)) !== 0),
);

function queuesReached(type: (typeof EVENT_TYPES)[number], channels: readonly string[]): string[] {
  const attributes = toEnvelopeAttributes(eventMessageAttributes(sampleEvent(type), channels));
  return NOTIFICATION_QUEUES.filter((queue) => matchesFilterPolicy(FILTER_POLICIES[queue], attributes));
}

describe('notification filter policies', () => {
  it.each(APPLICANT_EVENT_TYPES)('routes %s to exactly the chosen channels', (type) => {
    for (const channels of CHANNEL_SUBSETS) {
      expect(queuesReached(type, channels), `channels ${JSON.stringify(channels)}`).toEqual(channels);
    }
  });

  it('routes a waiting operator step to the operators queue only', () => {
    const reached = queuesReached('OPERATOR_STEP_WAITING', []);

    expect(reached).toEqual(['operators']);
  });

  it.each(EVENT_TYPES.filter((type) => !APPLICANT_EVENT_TYPES.includes(type) && type !== 'OPERATOR_STEP_WAITING'))(
    'keeps %s away from applicants even when tagged with channels',
    (type) => {
      const reached = queuesReached(type, ['push', 'sms', 'email']);

      expect(reached).toEqual([]);
    },
  );

  it('uses only attributes that the publisher sets', () => {
    const attributes = eventMessageAttributes(sampleEvent('DOCUMENT_ACCEPTED', { documentType: 'PASSPORT' }), ['sms']);

    for (const queue of NOTIFICATION_QUEUES) {
      for (const name of Object.keys(FILTER_POLICIES[queue])) {
        expect(attributes, `${queue} filters on ${name}`).toHaveProperty(name);
      }
    }
  });
});
