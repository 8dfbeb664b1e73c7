import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK } from 'jose';

/**
 * API Gateway's JWT authorizer accepts only RSA-based algorithms, so the local issuer signs with
 * RS256 as a real identity provider in front of it must.
 */
export const LOCAL_ISSUER_ALGORITHM = 'RS256';
export const LOCAL_AUDIENCE = 'kontrakt-local';
export const LOCAL_ISSUER_PATH = '/local-issuer';
const KEY_FILE = 'local-issuer-key.json';

/** The issuer's signing key as stored in the data folder. */
interface StoredKey {
  kid: string;
  privateJwk: JWK;
}

export interface TokenRequest {
  /** The subject: the applicant id, or the operator id for an operator. */
  sub: string;
  /** Goes into the `roles` claim, such as `["operator"]`; an applicant has none. */
  roles?: string[];
  ttlSeconds?: number;
}

export interface LocalIssuer {
  issuer: string;
  audience: string;
  jwks: JSONWebKeySet;
  issueToken(request: TokenRequest): Promise<string>;
}

const keyPath = (dataDir: string) => join(dataDir, KEY_FILE);

function publicJwk(key: StoredKey): JWK {
  const { kty, n, e } = key.privateJwk;
  return { kty, n, e, kid: key.kid, alg: LOCAL_ISSUER_ALGORITHM, use: 'sig' };
}

/** Reads the issuer's key from the data folder; undefined when `npm start` has not created it. */
export async function readIssuerKey(dataDir: string): Promise<StoredKey | undefined> {
  try {
    return JSON.parse(await readFile(keyPath(dataDir), 'utf8')) as StoredKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Reads the issuer's key, or creates and stores a new one, readable by the owner only. */
export async function loadOrCreateIssuerKey(dataDir: string): Promise<StoredKey> {
  const existing = await readIssuerKey(dataDir);
  if (existing !== undefined) return existing;
  const { privateKey } = await generateKeyPair(LOCAL_ISSUER_ALGORITHM, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const key: StoredKey = { kid: await calculateJwkThumbprint(privateJwk), privateJwk };
  await mkdir(dataDir, { recursive: true });
  await writeFile(keyPath(dataDir), JSON.stringify(key), { mode: 0o600 });
  return key;
}

/**
 * Creates the local stand-in for the identity provider: it signs access tokens that the local
 * API gateway verifies against `jwks`.
 */
export function createLocalIssuer(key: StoredKey, settings: { issuer: string; audience?: string }): LocalIssuer {
  const audience = settings.audience ?? LOCAL_AUDIENCE;
  const signingKey = importJWK(key.privateJwk, LOCAL_ISSUER_ALGORITHM);
  return {
    issuer: settings.issuer,
    audience,
    jwks: { keys: [publicJwk(key)] },
    async issueToken({ sub, roles = [], ttlSeconds = 3600 }) {
      const claims = roles.length > 0 ? { roles } : {};
      return new SignJWT({ ...claims, token_use: 'access' })
        .setProtectedHeader({ alg: LOCAL_ISSUER_ALGORITHM, kid: key.kid, typ: 'JWT' })
        .setIssuer(settings.issuer)
        .setAudience(audience)
        .setSubject(sub)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(await signingKey);
    },
  };
}
