import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { OperatorError } from './errors.ts';

/** Roles the console checks. A senior operator may also decide escalated steps. */
export const OPERATOR_ROLE = 'operator';
export const SENIOR_OPERATOR_ROLE = 'senior-operator';

export interface OperatorIdentity {
  /** The token's `sub`: the operator id written to the journal. */
  operatorId: string;
  roles: string[];
}

export interface IdentitySettings {
  issuer: string;
  audience: string;
  /** The issuer's public keys; by default fetched from KONTRAKT_JWKS_URL. */
  keySet: JWTVerifyGetKey;
}

const notAuthenticated = (message: string): OperatorError => new OperatorError('NOT_AUTHENTICATED', message);

export const roleMissing = (role: string): OperatorError =>
  new OperatorError('ROLE_MISSING', `Для этого действия нужна роль «${role}» в токене оператора; действие не выполнено`);

/** Reads the issuer settings from the environment; a missing variable is reported by name. */
export function readIdentitySettings(env: NodeJS.ProcessEnv): IdentitySettings {
  const missing = ['KONTRAKT_JWT_ISSUER', 'KONTRAKT_JWT_AUDIENCE', 'KONTRAKT_JWKS_URL'].filter((name) => (env[name] ?? '') === '');
  if (missing.length > 0) {
    throw notAuthenticated(`Не заданы переменные окружения для проверки токена: ${missing.join(', ')}`);
  }
  return {
    issuer: env.KONTRAKT_JWT_ISSUER as string,
    audience: env.KONTRAKT_JWT_AUDIENCE as string,
    keySet: createRemoteJWKSet(new URL(env.KONTRAKT_JWKS_URL as string)),
  };
}

function describeTokenFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'срок действия токена истёк';
  if (error instanceof errors.JWTClaimValidationFailed) return `неверное значение «${error.claim}» в токене`;
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return 'подпись токена не проверена';
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) return 'не удалось получить ключи издателя токенов';
  return 'токен недействителен';
}

/**
 * Verifies the operator's access token (signature against the issuer's JWKS, issuer, audience,
 * expiry) and returns the operator id and roles. Requires the `operator` or `senior-operator`
 * role, so an applicant's token cannot use the console.
 */
export async function verifyOperatorToken(token: string | undefined, settings: IdentitySettings): Promise<OperatorIdentity> {
  if (token === undefined || token.trim() === '') {
    throw notAuthenticated('Нет токена оператора: укажите --token <JWT> или переменную окружения KONTRAKT_OPERATOR_TOKEN');
  }
  let payload;
  try {
    ({ payload } = await jwtVerify(token.trim(), settings.keySet, {
      issuer: settings.issuer,
      audience: settings.audience,
      // A token without an expiry would stay valid for ever; the API's authorizer requires one too.
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    throw notAuthenticated(`Токен оператора отклонён: ${describeTokenFailure(error)}; получите новый токен`);
  }
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((role): role is string => typeof role === 'string') : [];
  if (typeof payload.sub !== 'string' || payload.sub === '') throw notAuthenticated('В токене оператора нет идентификатора (sub)');
  if (!roles.includes(OPERATOR_ROLE) && !roles.includes(SENIOR_OPERATOR_ROLE)) throw roleMissing(OPERATOR_ROLE);
  return { operatorId: payload.sub, roles };
}

export const isSeniorOperator = (identity: OperatorIdentity): boolean => identity.roles.includes(SENIOR_OPERATOR_ROLE);
