import type { JWTVerifyGetKey } from 'jose';
import { HELP_TEXT, parseCommandLine, type CommandName, type ConsoleCommand } from './command-line.ts';
import { loadOperatorEnvironment } from './environment.ts';
import { OperatorError } from './errors.ts';
import { readIdentitySettings, verifyOperatorToken, type OperatorIdentity } from './operator-identity.ts';
import { renderApplication } from './render/application-view.ts';
import { createPaint, shouldUseColor, type RenderOptions } from './render/render-options.ts';
import { documentTitle, statusTitle, stepTitle } from './render/titles.ts';
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
  /** The issuer's keys. Tests pass a local key set; by default they come from KONTRAKT_JWKS_URL. */
  keySet?: JWTVerifyGetKey;
}

interface CommandOutput {
  /** Data that `--json` prints. */
  data: unknown;
  /** Text for a person. */
  text: string;
}

const STATE_VARIABLES = ['STATE_TABLE_NAME'];
const PERSONAL_DATA_VARIABLES = ['PERSONAL_DATA_TABLE_NAME', 'PERSONAL_DATA_BUCKET_NAME'];

const REQUIRED_VARIABLES: Record<CommandName, string[]> = {
  list: [...STATE_VARIABLES, ...PERSONAL_DATA_VARIABLES],
  show: [...STATE_VARIABLES, ...PERSONAL_DATA_VARIABLES],
  approve: STATE_VARIABLES,
  reject: [...STATE_VARIABLES, ...PERSONAL_DATA_VARIABLES],
  'request-documents': [...STATE_VARIABLES, ...PERSONAL_DATA_VARIABLES],
  'record-commission': [...STATE_VARIABLES, ...PERSONAL_DATA_VARIABLES],
  'record-testing': [...STATE_VARIABLES, ...PERSONAL_DATA_VARIABLES],
};

function requireVariables(command: CommandName, env: NodeJS.ProcessEnv): void {
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
async function executeCommand(
  command: Exclude<ConsoleCommand, { name: 'help' }>,
  identity: OperatorIdentity,
  options: RenderOptions,
): Promise<CommandOutput> {
  switch (command.name) {
    case 'list': {
      const { listWaitingSteps } = await import('./commands/list-waiting-steps.ts');
      const steps = await listWaitingSteps({ step: command.step, olderThanMs: command.olderThanMs, now: options.now });
      return { data: { waitingSteps: steps }, text: renderWaitingSteps(steps, options) };
    }
    case 'show': {
      const { showApplication } = await import('./commands/show-application.ts');
      const view = await showApplication(command.applicationId);
      return { data: { application: view }, text: renderApplication(view, options) };
    }
    case 'approve':
    case 'reject':
    case 'request-documents': {
      const { decide } = await import('./commands/decide.ts');
      const request =
        command.name === 'approve'
          ? { kind: command.name, applicationId: command.applicationId }
          : command.name === 'reject'
            ? { kind: command.name, applicationId: command.applicationId, reasonText: command.reasonText }
            : { kind: command.name, applicationId: command.applicationId, documentTypes: command.documentTypes, comment: command.comment };
      const result = await decide(request, identity);
      const summary =
        result.decision === 'REQUEST_DOCUMENTS'
          ? `запрос документов (${(result.documentTypes ?? []).map(documentTitle).join(', ')})`
          : `решение «${statusTitle(result.decision)}»`;
      const text =
        `Передано в процесс проверки: ${summary} по заявлению ${result.applicationId}, шаг «${stepTitle(result.step)}», ` +
        `оператор ${result.operatorId}. Журнал и статус обновятся, когда процесс запишет решение.`;
      return { data: { decision: result }, text };
    }
    case 'record-commission':
    case 'record-testing': {
      const { recordStepResult } = await import('./commands/record-step-result.ts');
      const result = await recordStepResult(
        command.name === 'record-commission'
          ? { kind: command.name, applicationId: command.applicationId, category: command.category }
          : { kind: command.name, applicationId: command.applicationId, result: command.result },
        identity,
      );
      const unfit = result.fitForService === false ? ' Категория означает негодность к службе: заявление будет отклонено.' : '';
      const text = `Результат шага «${stepTitle(result.step)}» по заявлению ${result.applicationId} записан (оператор ${result.operatorId}).${unfit}`;
      return { data: { stepResult: result }, text };
    }
  }
}

/** The issuer and audience tokens must name; tests bring their own key set. */
function readIssuer(env: NodeJS.ProcessEnv): { issuer: string; audience: string } {
  return { issuer: env.KONTRAKT_JWT_ISSUER ?? '', audience: env.KONTRAKT_JWT_AUDIENCE ?? '' };
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
    const settings = io.keySet === undefined ? readIdentitySettings(io.env) : { ...readIssuer(io.env), keySet: io.keySet };
    const identity = await verifyOperatorToken(commandLine.token ?? io.env.KONTRAKT_OPERATOR_TOKEN, settings);
    requireVariables(command.name, io.env);
    const options: RenderOptions = {
      paint: createPaint(!json && shouldUseColor(io.stdout, io.env)),
      now: io.now?.() ?? new Date(),
      // Operators and the applicant API both show Moscow time, whatever zone the terminal is in.
      timeZone: io.timeZone ?? 'Europe/Moscow',
    };
    const output = await executeCommand(command, identity, options);
    io.stdout.write(json ? `${JSON.stringify(output.data, null, 2)}\n` : `${output.text}\n`);
    return 0;
  } catch (error) {
    return reportError(error, json, io);
  }
}
