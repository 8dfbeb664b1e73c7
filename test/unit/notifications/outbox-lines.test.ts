import { describe, expect, it } from 'vitest';
import { channelOf, describeDelivery, latestPerChannel, parseOutbox } from '../../../local/notifications/outbox-lines.ts';

const OUTBOX = [
  JSON.stringify({ deliveredAt: '2026-03-14T09:00:00Z', subscription: 'events-outbox', message: '{"type":"STATUS_CHANGED"}' }),
  JSON.stringify({ channel: 'sms', deliveredAt: '2026-03-14T09:00:01Z', recipient: '+7******4567', message: 'Первое' }),
  JSON.stringify({ channel: 'sms', deliveredAt: '2026-03-14T09:00:02Z', recipient: '+7******4567', message: 'Второе' }),
  JSON.stringify({ channel: 'email', deliveredAt: '2026-03-14T09:00:03Z', to: ['ivanov@example.ru'], subject: 'Тема' }),
  '{"channel":"sms","deliv',
].join('\n');

describe('outbox lines', () => {
  it('skips a line cut short by a concurrent write', () => {
    const lines = parseOutbox(OUTBOX);

    expect(lines).toHaveLength(4);
  });

  it('groups by channel and keeps the latest of each', () => {
    const groups = latestPerChannel(parseOutbox(OUTBOX), 1);

    expect([...groups.keys()]).toEqual(['events-outbox', 'sms', 'email']);
    expect(groups.get('sms')?.map((line) => line.message)).toEqual(['Второе']);
  });

  it('filters one channel', () => {
    const groups = latestPerChannel(parseOutbox(OUTBOX), 5, 'email');

    expect([...groups.keys()]).toEqual(['email']);
  });

  it('names the recipient and the subject of an e-mail', () => {
    const [, , , email] = parseOutbox(OUTBOX);

    const text = describeDelivery(email!);

    expect(channelOf(email!)).toBe('email');
    expect(text).toContain('i***@example.ru');
    expect(text).not.toContain('ivanov');
    expect(text).toContain('Тема');
  });
});
