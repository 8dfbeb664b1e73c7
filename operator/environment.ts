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
