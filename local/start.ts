/**
 * `npm start`: runs the whole service on this machine until Ctrl-C. Settings come from flags
 * and KONTRAKT_* variables; `npm start -- --help` lists them.
 */
import { relative } from 'node:path';
import { DEFAULT_DATA_DIR, PORT_SETTINGS, PortInUseError, START_HELP, SettingsError, readSettings, type LocalSettings } from './config.ts';
import { startLocalRuntime, type LocalRuntime } from './runtime.ts';

function exitWithError(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function banner(runtime: LocalRuntime, settings: LocalSettings): string {
  const { urls, paths } = runtime;
  const isDefaultDir = relative(process.cwd(), paths.dataDir) === DEFAULT_DATA_DIR;
  const dataDirFlag = isDefaultDir ? '' : ` --data-dir ${paths.dataDir}`;
  const operatorEnv = isDefaultDir ? '' : `KONTRAKT_ENV_FILE=${paths.localEnv} `;
  const rows: Array<[string, string]> = [
    [PORT_SETTINGS.api.label, `${urls.api}  (OpenAPI ${urls.openApi}, JWKS ${urls.jwks})`],
    [PORT_SETTINGS.stateDynamodb.label, urls.stateDynamodb],
    [PORT_SETTINGS.personalDataDynamodb.label, urls.personalDataDynamodb],
    [PORT_SETTINGS.s3.label, urls.s3],
    [PORT_SETTINGS.sns.label, urls.sns],
    [PORT_SETTINGS.sfn.label, urls.sfn],
    [PORT_SETTINGS.registry.label, urls.registry],
    [PORT_SETTINGS.ses.label, urls.ses],
    ['outbox', `${paths.outbox}  (npm run outbox${dataDirFlag ? ` --${dataDirFlag}` : ''})`],
    ['environment file', paths.localEnv],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `Kontrakt local runtime is running; data folder ${paths.dataDir}`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    `  pending-events sweep every ${settings.sweepIntervalMs / 1000} s`,
    '',
    'Get a token and call the API:',
    `  TOKEN=$(npm run -s token -- --sub applicant-1${dataDirFlag})`,
    `  curl -H "Authorization: Bearer $TOKEN" ${urls.api}/applications`,
    `Operator token:   npm run -s token -- --sub operator-1 --role operator${dataDirFlag}`,
    `Operator console: ${operatorEnv}npm run operator -- list`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    process.stdout.write(`${START_HELP}\n`);
    return;
  }
  let settings: LocalSettings;
  try {
    settings = readSettings(argv, process.env);
  } catch (error) {
    if (error instanceof SettingsError) exitWithError(error.message);
    throw error;
  }

  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime(settings);
  } catch (error) {
    if (error instanceof PortInUseError) exitWithError(error.message);
    exitWithError(`The local runtime failed to start: ${(error as Error).message}`);
  }
  process.stdout.write(banner(runtime, settings));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`Received ${signal} again; exiting without waiting for the servers to stop.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`\nReceived ${signal}; stopping the local runtime...\n`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => exitWithError(`Stopping the local runtime failed: ${(error as Error).message}`),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
