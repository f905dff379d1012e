/**
 * `npm run serve`: the production build (dist/) and the API, the way they would run in production.
 *
 * The SPA is served on APP_ORIGIN's port (scripts/static-site.ts): its precompressed copies, long-lived caching for
 * content-hashed files, the app's Content-Security-Policy as a header, and index.html for the app's routes; the API
 * runs in this same process on API_PORT. Both bind to `localhost` unless SERVE_HOST says otherwise; SERVE_DIR names another build
 * folder. Ctrl-C or SIGTERM stops accepting connections, lets in-flight requests finish, then exits 0.
 *
 * The build carries its configuration (the API's URL, the authorization server), so build with the same environment
 * as you serve with. In local mode the authorization server is not started here: run `npm run start:auth` beside it.
 */
import { createServer } from 'node:http';
import { join, relative, resolve } from 'node:path';
import { createApp } from '../src/api/api.app';
import { apiConfigFrom } from '../src/api/api.config';
import { createApiServer } from '../src/api/api.server';
import { spaHeaders } from '../src/config/spa-headers';
import { environmentOrExit, listenOnLocalhost, quickstartPortSettings, type PortSetting } from '../src/config/startup';
import { siteApp, SiteError } from './static-site';

const LABEL = 'serve';
const DRAIN_LIMIT_MS = 10_000;
const root = join(import.meta.dirname, '..');

function fail(lines: string[]): never {
  for (const line of lines) console.error(`${LABEL}: ${line}`);
  process.exit(1);
}

const env = environmentOrExit(LABEL);
const apiConfig = apiConfigFrom(env);
const host = process.env.SERVE_HOST?.trim() || 'localhost';
const dir = resolve(root, process.env.SERVE_DIR?.trim() || 'dist');

let site;
try {
  site = siteApp(dir, spaHeaders(env));
} catch (error) {
  fail([error instanceof SiteError ? error.message : `cannot serve ${dir}: ${(error as Error).message}`]);
}
const spaServer = createServer({ requestTimeout: 30_000, headersTimeout: 20_000 }, site);
// The API's own lines already say "api: ".
const log = (line: string) => console.error(line);
const apiServer = createApiServer(createApp(apiConfig, { log }));

// The build carries APP_ORIGIN and the API's URL, so a server on another port needs a new build.
const ports = quickstartPortSettings(env);
const rebuilt = (setting: Exclude<PortSetting, string>) => ({
  ...setting,
  alsoNeeded: [...(setting.alsoNeeded ?? []), 'then run `npm run build` again'],
});
try {
  await listenOnLocalhost(apiServer, apiConfig.port, rebuilt(ports.api), host);
  await listenOnLocalhost(spaServer, env.appPort, rebuilt(ports.app), host);
} catch (error) {
  apiServer.close();
  fail([(error as Error).message]);
}

const shown = host.includes(':') ? `[${host}]` : host;
const folder = relative(process.cwd(), dir) || '.';
console.log(`${LABEL}: SPA from ${folder} on http://${shown}:${env.appPort}, API on http://${shown}:${apiConfig.port}`);
if (env.mode === 'local') {
  console.log(`${LABEL}: logging in needs the local authorization server at ${env.issuer} (npm run start:auth)`);
}
console.log(`${LABEL}: ready on ${env.appOrigin}`);

let stopping = false;
function stop(signal: string): void {
  // A second Ctrl-C means "now".
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`${LABEL}: ${signal} received, finishing in-flight requests`);
  let open = 2;
  const closed = () => {
    if (--open === 0) process.exit(0);
  };
  // The API answers every request sent on a kept-alive connection meanwhile, with Connection: close (api.server.ts).
  void apiServer.drain().then(closed);
  spaServer.close(closed);
  // Idle keep-alive connections would otherwise hold close() open.
  spaServer.closeIdleConnections();
  setInterval(() => spaServer.closeIdleConnections(), 100).unref();
  for (const server of [spaServer, apiServer]) setTimeout(() => server.closeAllConnections(), DRAIN_LIMIT_MS).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
