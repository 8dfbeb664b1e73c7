import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs, parseEnv } from 'node:util';

/** Names and fake credentials of the local stack; nothing here reaches AWS. */
export const LOCAL_STACK = {
  region: 'eu-central-1',
  accountId: '000000000000',
  /** The S3 proxy verifies request signatures with these, and the SDK signs with them. */
  credentials: { accessKeyId: 'kontrakt-local', secretAccessKey: 'kontrakt-local-secret' },
  stateTableName: 'kontrakt-state',
  personalDataTableName: 'kontrakt-personal-data',
  personalDataBucketName: 'kontrakt-personal-data',
  eventsTopicName: 'kontrakt-events',
  outboxSubscriptionName: 'events-outbox',
  uploadsQueueName: 'uploads',
  reviewStateMachineName: 'review-application',
  reviewStateMachineFile: 'statemachines/review-application.asl.json',
} as const;

export const DEFAULT_DATA_DIR = '.kontrakt';
export const LOCAL_ENV_FILE = 'local.env';
export const OUTBOX_FILE = 'outbox.jsonl';
const DEFAULT_SWEEP_INTERVAL_SECONDS = 60;

/** Each local server's port setting: default, command-line flag and environment variable. */
export const PORT_SETTINGS = {
  api: { label: 'API gateway', fallback: 3000, flag: 'api-port', variable: 'KONTRAKT_API_PORT' },
  stateDynamodb: { label: 'state DynamoDB', fallback: 4567, flag: 'state-dynamodb-port', variable: 'KONTRAKT_STATE_DYNAMODB_PORT' },
  personalDataDynamodb: {
    label: 'personal-data DynamoDB',
    fallback: 4568,
    flag: 'personal-data-dynamodb-port',
    variable: 'KONTRAKT_PERSONAL_DATA_DYNAMODB_PORT',
  },
  s3: { label: 'S3', fallback: 4569, flag: 's3-port', variable: 'KONTRAKT_S3_PORT' },
  sns: { label: 'SNS', fallback: 4571, flag: 'sns-port', variable: 'KONTRAKT_SNS_PORT' },
  sfn: { label: 'Step Functions', fallback: 4572, flag: 'sfn-port', variable: 'KONTRAKT_SFN_PORT' },
  registry: { label: 'registry simulator', fallback: 4573, flag: 'registry-port', variable: 'KONTRAKT_REGISTRY_PORT' },
  ses: { label: 'SES (e-mail)', fallback: 4574, flag: 'ses-port', variable: 'KONTRAKT_SES_PORT' },
} as const;

export type ServiceName = keyof typeof PORT_SETTINGS;
export type LocalPorts = Record<ServiceName, number>;

export interface LocalSettings {
  dataDir: string;
  ports: LocalPorts;
  registryFixturesPath?: string;
  /** A fixed `iss` for local tokens; by default the API gateway's own URL plus `/local-issuer`. */
  jwtIssuer?: string;
  sweepIntervalMs: number;
}

/** A setting that cannot be used; the message names the value and how to fix it. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** A server could not listen because its port is taken; the message names the settings that change it. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';

  constructor(
    readonly service: ServiceName,
    readonly port: number,
  ) {
    const setting = PORT_SETTINGS[service];
    super(`Port ${port} (${setting.label}) is already in use; choose another with --${setting.flag} or ${setting.variable}`);
  }
}

export const DATA_DIR_OPTION = { 'data-dir': { type: 'string' } } as const;

/** Returns the data folder from the --data-dir flag, KONTRAKT_DATA_DIR or the default, as an absolute path. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(flag ?? env.KONTRAKT_DATA_DIR ?? DEFAULT_DATA_DIR);
}

function parseCount(raw: string, source: string, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new SettingsError(`${source} must be an integer from 0 to ${max}, got "${raw}"`);
  }
  return value;
}

export const START_HELP = `Usage: npm start [-- options]

Runs the whole service on this machine. Every setting also reads an environment variable.

  --data-dir PATH                     data folder (KONTRAKT_DATA_DIR, default ${DEFAULT_DATA_DIR})
${Object.values(PORT_SETTINGS)
  .map((setting) => `  --${`${setting.flag} PORT`.padEnd(34)}${setting.label} port (${setting.variable}, default ${setting.fallback})`)
  .join('\n')}
  --registry-fixtures PATH            registry simulator fixtures file (KONTRAKT_REGISTRY_FIXTURES)
  --jwt-issuer URL                    fixed iss of local tokens (KONTRAKT_JWT_ISSUER)
  --sweep-interval-seconds SECONDS    pending-events sweep period (KONTRAKT_SWEEP_INTERVAL_SECONDS, default ${DEFAULT_SWEEP_INTERVAL_SECONDS})
  --help                              print this help

Port 0 picks any free port.`;

/** Reads `npm start` settings: flags first, then KONTRAKT_* environment variables, then defaults. */
export function readSettings(argv: string[], env: NodeJS.ProcessEnv): LocalSettings {
  const portOptions = Object.fromEntries(Object.values(PORT_SETTINGS).map((setting) => [setting.flag, { type: 'string' as const }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        ...DATA_DIR_OPTION,
        ...portOptions,
        'registry-fixtures': { type: 'string' },
        'jwt-issuer': { type: 'string' },
        'sweep-interval-seconds': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new SettingsError(`${(error as Error).message}; run npm start -- --help for the options`);
  }

  const ports = {} as LocalPorts;
  for (const [service, setting] of Object.entries(PORT_SETTINGS) as Array<[ServiceName, (typeof PORT_SETTINGS)[ServiceName]]>) {
    const flag = values[setting.flag] as string | undefined;
    const raw = flag ?? env[setting.variable];
    const source = flag !== undefined ? `--${setting.flag}` : setting.variable;
    ports[service] = raw === undefined ? setting.fallback : parseCount(raw, source, 65535);
  }
  const sweepFlag = values['sweep-interval-seconds'] as string | undefined;
  const sweepRaw = sweepFlag ?? env.KONTRAKT_SWEEP_INTERVAL_SECONDS;
  const sweepSource = sweepFlag !== undefined ? '--sweep-interval-seconds' : 'KONTRAKT_SWEEP_INTERVAL_SECONDS';
  const sweepSeconds = sweepRaw === undefined ? DEFAULT_SWEEP_INTERVAL_SECONDS : parseCount(sweepRaw, sweepSource, 86_400);
  if (sweepSeconds === 0) throw new SettingsError(`${sweepSource} must be at least 1 second`);

  const fixtures = (values['registry-fixtures'] as string | undefined) ?? env.KONTRAKT_REGISTRY_FIXTURES;
  return {
    dataDir: resolveDataDir(values['data-dir'] as string | undefined, env),
    ports,
    registryFixturesPath: fixtures === undefined ? undefined : resolve(fixtures),
    jwtIssuer: (values['jwt-issuer'] as string | undefined) ?? env.KONTRAKT_JWT_ISSUER,
    sweepIntervalMs: sweepSeconds * 1000,
  };
}

export const localEnvPath = (dataDir: string): string => join(dataDir, LOCAL_ENV_FILE);

function quoteEnvValue(value: string): string {
  return /^[\w.:/@+-]*$/.test(value) ? value : JSON.stringify(value);
}

/** Writes the variables that CLI tools need to reach the running local stack, in dotenv format. */
export async function writeLocalEnv(dataDir: string, env: Record<string, string>): Promise<void> {
  const lines = Object.entries(env).map(([name, value]) => `${name}=${quoteEnvValue(value)}`);
  const header = '# Written by `npm start`; CLI tools load it to reach the local stack.\n';
  await writeFile(localEnvPath(dataDir), `${header}${lines.join('\n')}\n`, { mode: 0o600 });
}

/** Reads `local.env`; undefined when `npm start` has never run with this data folder. */
export async function readLocalEnv(dataDir: string): Promise<Record<string, string> | undefined> {
  try {
    return parseEnv(await readFile(localEnvPath(dataDir), 'utf8')) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
