/**
 * `npm run start:api`: the protected API on localhost.
 *
 * Starts even when the issuer is down: its keys are fetched when a token first needs them.
 * Ctrl-C or SIGTERM stops accepting connections and lets in-flight requests finish, without dropping a request a
 * client sends on a kept-alive connection meanwhile (`ApiServer.drain()`), then exits 0.
 */
import { environmentOrExit, listenOnLocalhost } from '../config/startup';
import { createApp } from './api.app';
import { apiConfigFrom } from './api.config';
import { createApiServer } from './api.server';

const DRAIN_LIMIT_MS = 10_000;
const log = (line: string) => console.error(line);

const config = apiConfigFrom(environmentOrExit('api'));
const server = createApiServer(createApp(config, { log }));

try {
  await listenOnLocalhost(server, config.port, 'API_PORT');
} catch (error) {
  console.error(`api: ${(error as Error).message}`);
  process.exit(1);
}

const address = server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
console.log(
  `api: ready on http://localhost:${port}, trusting access tokens from ${config.issuer} for audience ${config.audience}` +
    (config.requireSenderConstraining ? ', DPoP-bound ones only' : '')
);

let stopping = false;
function stop(signal: string): void {
  if (stopping) {
    // A second Ctrl-C means "now".
    process.exit(1);
  }
  stopping = true;
  console.log(`api: ${signal} received, finishing in-flight requests`);
  void server.drain().then(() => process.exit(0));
  setTimeout(() => server.closeAllConnections(), DRAIN_LIMIT_MS).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
