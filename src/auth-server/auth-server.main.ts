/**
 * `npm run start:auth`: runs the local Auth0-compatible authorization server on localhost. It is a development and
 * test tool: it refuses to start in production, and is not needed when a real Auth0 tenant is configured.
 */
import { createServer, type RequestListener } from 'node:http';
import { isProductionNodeEnv } from '../config/environment';
import { environmentOrExit, listenOnLocalhost } from '../config/startup';
import { authServerConfigFrom } from './auth-server.config';
import { hasDefaultPassword } from './demo-account';

const LABEL = 'auth-server';

function fail(message: string): never {
  console.error(`${LABEL}: ${message}`);
  process.exit(1);
}

const env = environmentOrExit(LABEL);
if (isProductionNodeEnv()) {
  fail(
    `refusing to start with NODE_ENV=${JSON.stringify(process.env.NODE_ENV)}: this server is for development and tests only; use an Auth0 tenant (set AUTH0_DOMAIN).`
  );
}
if (env.mode === 'tenant') {
  fail(
    `not needed: AUTH0_DOMAIN is set, so the quickstart uses the Auth0 tenant ${env.domain}. Unset AUTH0_DOMAIN to use this local server.`
  );
}
const config = authServerConfigFrom(env);

// The port is taken first, so that a busy port is reported in one line before anything else happens. Until the
// application is ready, requests get a 503 (the readiness poll of `npm start` then simply tries again).
let application: RequestListener | undefined;
const server = createServer((req, res) => {
  if (application) return application(req, res);
  res.writeHead(503, { 'Retry-After': '1', 'Content-Type': 'text/plain' }).end('starting\n');
});
try {
  await listenOnLocalhost(server, config.port, 'AUTH_PORT');
} catch (error) {
  fail((error as Error).message);
}

// Loaded only now: oidc-provider prints a notice on import under Node 20, which would blur the one-line refusals.
const { createAuthServer } = await import('./auth-server');
const { KeyFileError } = await import('./key-file');
try {
  application = (await createAuthServer(config)).handler;
} catch (error) {
  fail(error instanceof KeyFileError ? error.message : `could not start: ${(error as Error).message}`);
}

console.log(
  `${LABEL}: local Auth0-compatible authorization server, for development and tests only (never in production).`
);
console.log(`${LABEL}: issuer ${config.issuer}`);
const { email, password } = config.demoUser;
console.log(
  hasDefaultPassword(config.demoUser)
    ? `${LABEL}: demo user ${email} / ${password}`
    : `${LABEL}: demo user ${email}, with the password you set in DEMO_USER_PASSWORD`
);
console.log(`${LABEL}: ready on http://localhost:${config.port}`);

function stop() {
  server.close(() => process.exit(0));
  // Keep-alive connections from browsers would otherwise hold the server open.
  server.closeAllConnections();
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
