import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATA_DIR_OPTION, OUTBOX_FILE, resolveDataDir } from '../config.ts';
import { describeDelivery, latestPerChannel, parseOutbox } from './outbox-lines.ts';

/**
 * Prints the latest local deliveries per channel from `<dataDir>/outbox.jsonl`: SMS, push and
 * e-mail, and with --all also the events topic's subscriptions under their names.
 *
 *   npm run outbox [-- --data-dir PATH] [--channel sms|push|email|NAME] [--limit N] [--all]
 */

const OUTBOX_HELP = `Usage: npm run outbox [-- options]

Prints the latest deliveries of the local stack per channel.

  --data-dir PATH     data folder of npm start (KONTRAKT_DATA_DIR, default .kontrakt)
  --channel NAME      only this channel: sms, push, email, or a subscription name
  --limit N           deliveries per channel, newest last (default 5)
  --all               also the events topic's subscriptions (events-outbox, notifications-*)
  --help              print this help`;

// A reader that stops early, as in `npm run outbox | head`, closes the pipe; that is no error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ...DATA_DIR_OPTION,
      channel: { type: 'string' },
      limit: { type: 'string' },
      all: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(OUTBOX_HELP);
    return;
  }
  const limit = Number(values.limit ?? 5);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a positive integer, got "${values.limit}"`);

  const path = join(resolveDataDir(values['data-dir'], process.env), OUTBOX_FILE);
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    console.log(`No outbox at ${path} yet: start the local stack with npm start and trigger an event.`);
    return;
  }

  const deliveries = parseOutbox(content).filter(
    (line) => values.all === true || values.channel !== undefined || typeof line.channel === 'string',
  );
  const groups = latestPerChannel(deliveries, limit, values.channel);
  if (groups.size === 0) {
    console.log(values.channel === undefined ? `The outbox ${path} is empty.` : `No deliveries on channel ${values.channel} in ${path}.`);
    return;
  }
  for (const [channel, lines] of groups) {
    console.log(`${channel} (latest ${lines.length})`);
    for (const line of lines) console.log(describeDelivery(line));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
