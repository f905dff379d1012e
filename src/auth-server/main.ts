/**
 * `npm run start:auth`: runs the local Auth0-compatible authorization server on localhost. It is a development and
 * test tool: it refuses to start in production, and is not needed when a real Auth0 tenant is configured.
 */
import { environmentOrExit, listenOnLocalhost } from '../config/startup';
import { authServerConfigFrom } from './config';
import type { AuthServer } from './server';

const LABEL = 'auth-server';

function fail(message: string): never {
  console.error(`${LABEL}: ${message}`);
  process.exit(1);
}

const env = environmentOrExit(LABEL);
if (process.env.NODE_ENV === 'production') {
  fail(
    'refusing to start with NODE_ENV=production: this server is for development and tests only; use an Auth0 tenant (set AUTH0_DOMAIN).'
  );
}
if (env.mode === 'tenant') {
  fail(
    `not needed: AUTH0_DOMAIN is set, so the quickstart uses the Auth0 tenant ${env.domain}. Unset AUTH0_DOMAIN to use this local server.`
  );
}

// Loaded only now, so that a refusal above is the only thing printed (oidc-provider logs on import under Node 20).
const { createAuthServer } = await import('./server');
const { KeyFileError } = await import('./signing-key.store');

const config = authServerConfigFrom(env);
let authServer: AuthServer;
try {
  authServer = await createAuthServer(config);
} catch (error) {
  fail(error instanceof KeyFileError ? error.message : `could not start: ${(error as Error).message}`);
}
const { server } = authServer;

try {
  await listenOnLocalhost(server, config.port, 'AUTH_PORT');
} catch (error) {
  fail((error as Error).message);
}

const address = `http://localhost:${config.port}`;
console.log(
  `${LABEL}: local Auth0-compatible authorization server, for development and tests only (never in production).`
);
console.log(`${LABEL}: issuer ${config.issuer}`);
console.log(`${LABEL}: demo user ${config.demoUser.email} / ${config.demoUser.password}`);
console.log(`${LABEL}: ready on ${address}`);

function stop() {
  server.close(() => process.exit(0));
  // Keep-alive connections from browsers would otherwise hold the server open.
  server.closeAllConnections();
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
