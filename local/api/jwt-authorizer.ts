import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';

/** API Gateway's JWT authorizer supports only RSA-based signing algorithms. */
const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

export interface JwtAuthorizerSettings {
  issuer: string;
  /** Accepted `aud` values; `client_id` is checked instead when the token has no `aud`. */
  audience: string[];
  jwks: JSONWebKeySet;
}

export type AuthorizerResult =
  | { authorized: true; claims: Record<string, string>; scopes: string[] }
  | { authorized: false; reason: string };

/**
 * Formats claims as API Gateway passes them to the integration: every value is a string.
 * NOTE: AWS documents no format for array claims. `[a b]` is the form reported for Cognito's
 * `cognito:groups`, so code that reads a list claim such as `roles` should accept it.
 */
function stringifyClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (Array.isArray(value)) claims[name] = `[${value.join(' ')}]`;
    else if (value !== null && typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

function readScopes(payload: JWTPayload): string[] {
  if (typeof payload.scope === 'string') return payload.scope.split(' ').filter((scope) => scope !== '');
  if (Array.isArray(payload.scp)) return payload.scp.map(String);
  return [];
}

function audienceMatches(payload: JWTPayload, accepted: string[]): boolean {
  if (payload.aud !== undefined) {
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return audiences.some((audience) => accepted.includes(audience));
  }
  return typeof payload.client_id === 'string' && accepted.includes(payload.client_id);
}

/**
 * Checks a request's token the way API Gateway's JWT authorizer does. The `Authorization`
 * header contains the token with or without `Bearer `, and the token must name a `kid` of the
 * key set and carry a valid signature. Its `iss` must be the issuer, its `aud` (or `client_id`)
 * an accepted audience, its `exp` in the future, and its `nbf` and `iat` not.
 */
export function createJwtAuthorizer(settings: JwtAuthorizerSettings) {
  const keySet = createLocalJWKSet(settings.jwks);

  return async (authorization: string | undefined): Promise<AuthorizerResult> => {
    if (authorization === undefined || authorization.trim() === '') return { authorized: false, reason: 'the token is missing' };
    const token = authorization.replace(/^Bearer\s+/i, '').trim();
    try {
      const header = decodeProtectedHeader(token);
      if (typeof header.kid !== 'string') return { authorized: false, reason: 'the token has no kid header' };
      const { payload } = await jwtVerify(token, keySet, {
        issuer: settings.issuer,
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['exp'],
      });
      if (!audienceMatches(payload, settings.audience)) return { authorized: false, reason: 'the token has an invalid audience' };
      if (payload.iat !== undefined && payload.iat > Math.floor(Date.now() / 1000)) {
        return { authorized: false, reason: 'the token is issued in the future' };
      }
      return { authorized: true, claims: stringifyClaims(payload), scopes: readScopes(payload) };
    } catch (error) {
      return { authorized: false, reason: `the token is invalid: ${(error as Error).message}` };
    }
  };
}
