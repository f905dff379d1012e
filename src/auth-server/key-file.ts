/**
 * The server's own secrets, loaded from their file or created on first start: one RS256 private signing key and the
 * cookie signing keys. The file (mode 600) keeps tokens, sessions and the JWKS cached by the API valid across
 * restarts. (The API keeps only the issuer's public keys, fetched from the JWKS; this is the private side.)
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export interface ServerKeys {
  /** The private signing key as a JWK, with `kid`, `alg: RS256` and `use: sig`. */
  signingKey: JWK;
  /** Keys for oidc-provider's signed cookies, newest first. */
  cookieKeys: string[];
}

/** A key file that exists but cannot be used; the message is one line that says what to do. */
export class KeyFileError extends Error {
  constructor(readonly file: string) {
    super(
      `the key file ${file} is unreadable or corrupt: delete it and start again to make a new key ` +
        '(tokens signed with the old key stop being accepted).'
    );
    this.name = 'KeyFileError';
  }
}

const RSA_PRIVATE_MEMBERS = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;

async function createKeys(): Promise<ServerKeys> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return {
    signingKey: { ...jwk, kid, alg: 'RS256', use: 'sig' },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

function isServerKeys(value: unknown): value is ServerKeys {
  if (typeof value !== 'object' || value === null) return false;
  const { signingKey, cookieKeys } = value as Partial<ServerKeys>;
  return (
    typeof signingKey === 'object' &&
    signingKey !== null &&
    signingKey.kty === 'RSA' &&
    signingKey.alg === 'RS256' &&
    typeof signingKey.kid === 'string' &&
    RSA_PRIVATE_MEMBERS.every((member) => typeof signingKey[member] === 'string') &&
    Array.isArray(cookieKeys) &&
    cookieKeys.length > 0 &&
    cookieKeys.every((key) => typeof key === 'string' && key.length >= 32)
  );
}

/** A JWK with the right members can still hold numbers that are no usable RSA key: try it once. */
function signsAndVerifies(jwk: JWK): boolean {
  try {
    const privateKey = createPrivateKey({ key: { ...jwk }, format: 'jwk' });
    if ((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return false;
    const probe = Buffer.from('signing key probe');
    return verify('sha256', probe, createPublicKey(privateKey), sign('sha256', probe, privateKey));
  } catch {
    return false;
  }
}

async function readKeys(file: string, raw: string): Promise<ServerKeys> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new KeyFileError(file);
  }
  if (!isServerKeys(parsed)) throw new KeyFileError(file);
  if (!signsAndVerifies(parsed.signingKey)) throw new KeyFileError(file);
  return parsed;
}

/** Reads the key file, or creates it (and its folder) when missing. Throws KeyFileError for a damaged file. */
export async function loadOrCreateKeys(file: string): Promise<ServerKeys> {
  try {
    return await readKeys(file, await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error instanceof KeyFileError ? error : new KeyFileError(file);
    }
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const keys = await createKeys();
  try {
    // `wx`: when two servers start at once, the second one reads the first one's key instead of replacing it.
    await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeys(file, await readFile(file, 'utf8'));
    throw error;
  }
  await chmod(file, 0o600);
  return keys;
}
