/** Reading and summarizing the lines of the local outbox, one JSON object per delivery. */

export type OutboxLine = Record<string, unknown>;

/** Returns the line's `channel`, or the subscription name for a topic delivery without one. */
export function channelOf(line: OutboxLine): string {
  if (typeof line.channel === 'string') return line.channel;
  if (typeof line.subscription === 'string') return line.subscription;
  return 'unknown';
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Masks an e-mail address to its first letter and domain, because the terminal may be shared. */
export function maskEmailAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

/** Formats a delivery for the terminal: time, recipient and the shortened subject or message. */
export function describeDelivery(line: OutboxLine): string {
  const when = text(line.deliveredAt) ?? '?';
  const recipient =
    text(line.recipient) ??
    (Array.isArray(line.to) ? line.to.map((address) => maskEmailAddress(String(address))).join(', ') : undefined) ??
    text(line.subscription) ??
    '?';
  const content = text(line.subject) ?? text(line.message) ?? text(line.text) ?? '';
  const shortened = content.length > 160 ? `${content.slice(0, 157)}...` : content;
  const failed = line.failed === true ? ' [failed]' : '';
  return `  ${when}  ${recipient}${failed}\n    ${shortened.replaceAll('\n', ' ')}`;
}

/** Parses the outbox, skipping a line cut short by a concurrent write. */
export function parseOutbox(content: string): OutboxLine[] {
  const lines: OutboxLine[] = [];
  for (const raw of content.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) lines.push(parsed as OutboxLine);
    } catch {
      // A partly written last line; the next run shows it.
    }
  }
  return lines;
}

/** Groups the deliveries by channel, keeping the last `limit` of each in outbox order. */
export function latestPerChannel(lines: OutboxLine[], limit: number, onlyChannel?: string): Map<string, OutboxLine[]> {
  const groups = new Map<string, OutboxLine[]>();
  for (const line of lines) {
    const channel = channelOf(line);
    if (onlyChannel !== undefined && channel !== onlyChannel) continue;
    groups.set(channel, [...(groups.get(channel) ?? []), line].slice(-limit));
  }
  return groups;
}
