import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OperatorError } from './errors.ts';

/** The file `npm start` writes with the local runtime's endpoints and names. */
export const LOCAL_ENV_FILE = fileURLToPath(new URL('../.kontrakt/local.env', import.meta.url));

/**
 * Loads KONTRAKT_ENV_FILE when set, else `.kontrakt/local.env` when it exists, so the console
 * reaches the local runtime. Variables already exported win over the file, which is how an
 * operator points the console at AWS with the stack outputs. Returns the loaded path, if any.
 */
export function loadOperatorEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.KONTRAKT_ENV_FILE;
  if (explicit !== undefined && explicit !== '') {
    if (!existsSync(explicit)) {
      throw new OperatorError('ENV_FILE_NOT_FOUND', `Файл окружения ${explicit} из KONTRAKT_ENV_FILE не найден`);
    }
    process.loadEnvFile(explicit);
    return explicit;
  }
  if (existsSync(LOCAL_ENV_FILE)) {
    process.loadEnvFile(LOCAL_ENV_FILE);
    return LOCAL_ENV_FILE;
  }
  return undefined;
}

const OPERATOR_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Returns the operator's id from `--operator` or KONTRAKT_OPERATOR_ID. The id goes into the
 * journal and events, so it must be a staff id (letters, digits, `.`, `_`, `-`), not a name.
 */
export function requireOperatorId(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const operatorId = option ?? env.KONTRAKT_OPERATOR_ID;
  if (operatorId === undefined || operatorId === '') {
    throw new OperatorError(
      'OPERATOR_ID_MISSING',
      'Укажите идентификатор оператора: --operator <id> или переменная окружения KONTRAKT_OPERATOR_ID',
      2,
    );
  }
  if (!OPERATOR_ID_PATTERN.test(operatorId)) {
    throw new OperatorError(
      'OPERATOR_ID_INVALID',
      'Идентификатор оператора: от 1 до 64 латинских букв, цифр, точек, дефисов и подчёркиваний, начиная с буквы или цифры',
      2,
    );
  }
  return operatorId;
}
