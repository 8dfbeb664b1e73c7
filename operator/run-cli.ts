import { HELP_TEXT, parseCommandLine, type ConsoleCommand } from './command-line.ts';
import { loadOperatorEnvironment, requireOperatorId } from './environment.ts';
import { OperatorError } from './errors.ts';
import { renderApplication } from './render/application-view.ts';
import { createPaint, shouldUseColor, type RenderOptions } from './render/render-options.ts';
import { statusTitle } from './render/titles.ts';
import { renderWaitingSteps } from './render/waiting-steps-view.ts';

export interface ConsoleIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  now?: () => Date;
  /** IANA time zone for printed times, or the machine's own zone when undefined. */
  timeZone?: string;
  /** Loader of the env file. Tests replace it, so a developer's `.kontrakt/local.env` stays out. */
  loadEnvironment?: () => unknown;
}

interface CommandOutput {
  /** Data that `--json` prints. */
  data: unknown;
  /** Text for a person. */
  text: string;
}

const STATE_VARIABLES = ['STATE_TABLE_NAME'];
const PERSONAL_DATA_VARIABLES = ['PERSONAL_DATA_TABLE_NAME', 'PERSONAL_DATA_BUCKET_NAME'];

const REQUIRED_VARIABLES: Record<Exclude<ConsoleCommand['name'], 'help'>, string[]> = {
  list: STATE_VARIABLES,
  show: [...STATE_VARIABLES, ...PERSONAL_DATA_VARIABLES],
  approve: STATE_VARIABLES,
  reject: [...STATE_VARIABLES, ...PERSONAL_DATA_VARIABLES],
};

function requireVariables(command: Exclude<ConsoleCommand['name'], 'help'>, env: NodeJS.ProcessEnv): void {
  const missing = REQUIRED_VARIABLES[command].filter((name) => env[name] === undefined || env[name] === '');
  if (missing.length === 0) return;
  throw new OperatorError(
    'ENVIRONMENT_INCOMPLETE',
    `Не заданы переменные окружения: ${missing.join(', ')}. Запустите npm start для локального стенда ` +
      'или экспортируйте выходные значения стека AWS',
  );
}

/**
 * Runs one command. The command modules are imported only here, after the env file is loaded,
 * because they build the AWS clients, which read endpoints and region from the environment.
 */
async function executeCommand(command: Exclude<ConsoleCommand, { name: 'help' }>, io: ConsoleIo, options: RenderOptions): Promise<CommandOutput> {
  switch (command.name) {
    case 'list': {
      const { listWaitingSteps } = await import('./commands/list-waiting-steps.ts');
      const steps = await listWaitingSteps();
      return { data: { waitingSteps: steps }, text: renderWaitingSteps(steps, options) };
    }
    case 'show': {
      const { showApplication } = await import('./commands/show-application.ts');
      const view = await showApplication(command.applicationId);
      return { data: { application: view }, text: renderApplication(view, options) };
    }
    case 'approve':
    case 'reject': {
      const operatorId = requireOperatorId(command.operatorOption, io.env);
      const { decide } = await import('./commands/decide.ts');
      const decision = command.name === 'approve' ? 'APPROVED' : 'REJECTED';
      const reasonText = command.name === 'reject' ? command.reasonText : undefined;
      const result = await decide({ applicationId: command.applicationId, operatorId, decision, reasonText });
      const text =
        `Решение «${statusTitle(decision)}» по заявлению ${result.applicationId} передано в процесс проверки ` +
        `(оператор ${operatorId}). Статус изменится, когда процесс запишет решение.`;
      return { data: { decision: result }, text };
    }
  }
}

function reportError(error: unknown, json: boolean, io: ConsoleIo): number {
  const known = error instanceof OperatorError;
  const code = known ? error.code : 'UNEXPECTED_ERROR';
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const message = known ? error.message : `Не удалось выполнить команду. ${detail}`;
  if (json) io.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
  else io.stderr.write(`Ошибка: ${message}\n`);
  return known ? error.exitCode : 1;
}

/** Runs the operator console with the given arguments and returns the process exit code. */
export async function runCli(argv: string[], io: ConsoleIo): Promise<number> {
  let json = argv.includes('--json');
  try {
    const commandLine = parseCommandLine(argv);
    json = commandLine.json;
    const { command } = commandLine;
    if (command.name === 'help') {
      io.stdout.write(`${HELP_TEXT}\n`);
      return 0;
    }

    (io.loadEnvironment ?? loadOperatorEnvironment)();
    requireVariables(command.name, io.env);
    const options: RenderOptions = {
      paint: createPaint(!json && shouldUseColor(io.stdout, io.env)),
      now: io.now?.() ?? new Date(),
      timeZone: io.timeZone,
    };
    const output = await executeCommand(command, io, options);
    io.stdout.write(json ? `${JSON.stringify(output.data, null, 2)}\n` : `${output.text}\n`);
    return 0;
  } catch (error) {
    return reportError(error, json, io);
  }
}
