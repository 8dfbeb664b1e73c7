/**
 * Prints a token that the local API gateway accepts, signed with the data folder's issuer key:
 *   npm run token -- --sub applicant-1 [--role applicant|operator|senior-operator] [--ttl 3600] [--data-dir .kontrakt]
 */
import { parseArgs } from 'node:util';
import { createLocalIssuer, readIssuerKey } from './auth/local-issuer.ts';
import { DATA_DIR_OPTION, localEnvPath, readLocalEnv, resolveDataDir } from './config.ts';

const USAGE = 'Usage: npm run token -- --sub <id> [--role applicant|operator|senior-operator] [--ttl <seconds>] [--data-dir <path>]';
const MAX_TTL_SECONDS = 7 * 24 * 3600;

/** The `roles` claim per --role: a senior operator also has the operator role. */
const ROLES_BY_OPTION: Record<string, string[]> = { applicant: [], operator: ['operator'], 'senior-operator': ['operator', 'senior-operator'] };

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values: { sub?: string; role?: string; ttl?: string; 'data-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { ...DATA_DIR_OPTION, sub: { type: 'string' }, role: { type: 'string' }, ttl: { type: 'string' }, help: { type: 'boolean' } },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.sub === undefined || values.sub === '') fail(`--sub is missing: the applicant or operator id.\n${USAGE}`);
  const role = values.role ?? 'applicant';
  if (role !== 'applicant' && role !== 'operator' && role !== 'senior-operator') {
    fail(`--role must be applicant, operator or senior-operator, got "${role}"`);
  }
  const ttlSeconds = Number(values.ttl ?? 3600);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
    fail(`--ttl must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}, got "${values.ttl}"`);
  }

  const dataDir = resolveDataDir(values['data-dir'], process.env);
  const key = await readIssuerKey(dataDir);
  const env = await readLocalEnv(dataDir);
  if (key === undefined || env?.KONTRAKT_JWT_ISSUER === undefined) {
    fail(`No local issuer in ${dataDir} (${localEnvPath(dataDir)} or its key is missing): run npm start with this data folder first`);
  }
  const issuer = createLocalIssuer(key, { issuer: env.KONTRAKT_JWT_ISSUER, audience: env.KONTRAKT_JWT_AUDIENCE });
  // Operator tokens carry `roles: ["operator"]`, a senior operator's both roles; applicant tokens carry no roles claim.
  const roles = ROLES_BY_OPTION[role] ?? [];
  process.stdout.write(`${await issuer.issueToken({ sub: values.sub, roles, ttlSeconds })}\n`);
}

await main();
