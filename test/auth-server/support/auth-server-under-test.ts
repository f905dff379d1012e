/**
 * Runs the real authorization server in-process on a free localhost port, with its key file in a temporary folder.
 * The issuer names the port, so the port is chosen before the server is built.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet } from 'jose';
import { loadEnvironment } from '../../../src/config/environment';
import { listenOnLocalhost } from '../../../src/config/startup';
import { authServerConfigFrom, type AuthServerConfig } from '../../../src/auth-server/auth-server.config';
import { createAuthServer, type AuthServer } from '../../../src/auth-server/auth-server';
import { freePorts } from '../../support/processes';

export const APP_ORIGIN = 'http://localhost:3000';
export const CALLBACK = `${APP_ORIGIN}/callback`;

export interface AuthServerUnderTest extends AuthServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** The server's published signing keys, as a verifier of its tokens fetches them. */
export function signingKeys(server: AuthServerUnderTest): ReturnType<typeof createRemoteJWKSet> {
  return createRemoteJWKSet(new URL(`${server.baseUrl}/.well-known/jwks.json`));
}

/** A folder for a key file; removed by `close()` of the server given it, or by the caller. */
export async function temporaryKeyDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'auth-server-test-'));
}

/**
 * Starts the server on a free port with the app at APP_ORIGIN. `options.env` adds environment variables (read as the
 * real server reads them); `overrides` replace single settings after that.
 */
export async function startAuthServer(
  overrides: Partial<AuthServerConfig> = {},
  options: { keyDir?: string; env?: Record<string, string> } = {}
): Promise<AuthServerUnderTest> {
  const ownsKeyDir = options.keyDir === undefined;
  const keyDir = options.keyDir ?? (await temporaryKeyDir());
  const [port] = await freePorts(1);
  const env = loadEnvironment({ AUTH_PORT: String(port), APP_ORIGIN, ...options.env });
  const config = authServerConfigFrom(env, { keyFile: join(keyDir, 'signing-key.json'), ...overrides });
  const authServer = await createAuthServer(config);
  await listenOnLocalhost(authServer.server, port, 'AUTH_PORT');
  return {
    ...authServer,
    baseUrl: `http://localhost:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        authServer.server.close(() => resolve());
        authServer.server.closeAllConnections();
      });
      if (ownsKeyDir) await rm(keyDir, { recursive: true, force: true });
    },
  };
}
