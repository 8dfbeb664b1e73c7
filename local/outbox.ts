/**
 * Prints the latest deliveries in the local outbox, one line each: time, subscription or
 * channel, event type and application id. Message texts and recipients are left out, because
 * they can contain personal data.
 *   npm run outbox [-- --limit 20] [--data-dir .kontrakt]
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATA_DIR_OPTION, OUTBOX_FILE, resolveDataDir } from './config.ts';
import { channelOf, parseOutbox, type OutboxLine } from './notifications/outbox-lines.ts';

const USAGE = `Usage: npm run outbox [-- options]

  --limit N         how many of the latest deliveries to print (default 20)
  --data-dir PATH   data folder of npm start (KONTRAKT_DATA_DIR, default .kontrakt)
  --help            print this help`;

/** Reads the domain event that a topic delivery carries; other deliveries carry none. */
function eventOf(line: OutboxLine): { type?: string; applicationId?: string } {
  const attributes = line.messageAttributes as Record<string, { Value?: string }> | undefined;
  try {
    const message = JSON.parse(String(line.message)) as { type?: unknown; applicationId?: unknown };
    return {
      type: typeof message.type === 'string' ? message.type : attributes?.eventType?.Value,
      applicationId: typeof message.applicationId === 'string' ? message.applicationId : undefined,
    };
  } catch {
    return { type: attributes?.eventType?.Value };
  }
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values: { limit?: string; 'data-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { ...DATA_DIR_OPTION, limit: { type: 'string' }, help: { type: 'boolean' } } }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const limit = Number(values.limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1) fail(`--limit must be a positive integer, got "${values.limit}"`);

  const path = join(resolveDataDir(values['data-dir'], process.env), OUTBOX_FILE);
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    fail(`No outbox at ${path}: run npm start with this data folder and make something happen first`);
  }

  const rows = parseOutbox(content)
    .slice(-limit)
    .map((line) => {
      const event = eventOf(line);
      const subscription = `${channelOf(line)}${line.failed === true ? ' (failed)' : ''}`;
      return [String(line.deliveredAt ?? '-'), subscription, event.type ?? '-', event.applicationId ?? '-'];
    });
  if (rows.length === 0) {
    process.stdout.write(`The outbox ${path} is empty.\n`);
    return;
  }
  const table = [['TIME', 'SUBSCRIPTION', 'EVENT TYPE', 'APPLICATION'], ...rows];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  for (const row of table) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`);
}

await main();
