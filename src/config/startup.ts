/**
 * "Load the configuration, or print what is wrong and exit", written once for every entry point (`npm start`,
 * `check-config`, `serve`, the API, the local authorization server): a configuration or listening failure ends the
 * process with one readable line each, never a stack trace.
 */
import type { Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import {
  checkConfiguration,
  unknownVariableFindings,
  type CheckOptions,
  type ConfigurationCheck,
} from './configuration-check';
import { findingLines, unreachedTenantLines } from './check-report';
import { ConfigError, loadDotenv, loadEnvironment, type QuickstartEnvironment } from './environment';
import { portOf } from './url-rules';

/** Prints each line as `label: configuration error: ...` on stderr and exits with status 1. */
export function exitWithConfigurationErrors(label: string, lines: string[]): never {
  for (const line of lines) console.error(`${label}: configuration error: ${line}`);
  process.exit(1);
}

/** Loads `.env`; returns the names whose value came from it. */
function loadDotenvOrExit(label: string): Set<string> {
  try {
    return loadDotenv();
  } catch (error) {
    exitWithConfigurationErrors(label, [`could not read .env: ${(error as Error).message}`]);
  }
}

/**
 * Set by `npm start` in the environment of the servers it starts: it has already printed the warnings about the
 * variables (a misspelt name), which they would otherwise print again, each under its own prefix.
 */
export const WARNINGS_SHOWN = 'QUICKSTART_WARNINGS_SHOWN';

/**
 * Loads `.env` and the environment, or prints each problem on its own line and exits with status 1. A name that
 * looks like one of the variables but is none (AUTH0_DOMIAN) is told as a warning either way.
 */
export function environmentOrExit(label: string): QuickstartEnvironment {
  const fromDotenv = loadDotenvOrExit(label);
  const warnings = process.env[WARNINGS_SHOWN]
    ? []
    : unknownVariableFindings(process.env, { fromDotenv }).map(({ message }) => `${label}: warning: ${message}`);
  try {
    const env = loadEnvironment();
    for (const line of warnings) console.error(line);
    return env;
  } catch (error) {
    for (const problem of error instanceof ConfigError ? error.problems : [(error as Error).message]) {
      console.error(`${label}: configuration error: ${problem}`);
    }
    for (const line of warnings) console.error(line);
    process.exit(1);
  }
}

export interface CheckedConfiguration extends ConfigurationCheck {
  env: QuickstartEnvironment;
}

export interface CheckOrExitOptions extends CheckOptions {
  /** A last line after the problems, given their number (check-config says how to try again). */
  closingLine?: (problemCount: number) => string;
}

/**
 * Loads `.env` and runs the whole configuration check (the tenant too, in tenant mode), printing one line per
 * finding on stderr. Exits with status 1 when there is a problem; otherwise returns the check, warnings included.
 */
export async function checkedConfigurationOrExit(
  label: string,
  options: CheckOrExitOptions = {}
): Promise<CheckedConfiguration> {
  const fromDotenv = loadDotenvOrExit(label);
  const check = await checkConfiguration(process.env, { ...options, fromDotenv });
  for (const line of findingLines(label, check)) console.error(line);
  if (check.env && check.unreached) {
    for (const line of unreachedTenantLines(label, check.env, check.unreached)) console.error(line);
  }
  if (check.problems.length > 0 || !check.env) {
    if (options.closingLine) console.error(`${label}: ${options.closingLine(check.problems.length)}`);
    process.exit(1);
  }
  if (check.warnings.some((finding) => finding.code === 'tenant-unreachable')) {
    console.error(`${label}: continuing without it: logging in will fail until the tenant can be reached.`);
  }
  return { ...check, env: check.env };
}

/** A variable that sets a server's port: a port number (`API_PORT`), or a URL that carries it (`APP_ORIGIN`). */
export interface PortVariable {
  name: string;
  /** The URL the variable holds now, when it holds a URL. */
  url?: string;
}

/**
 * What sets a server's port, so that a refusal can give values that work: a port variable's name, or the variables to
 * change together (the one that names the port first), the ports to leave to the command's other servers, and what
 * else a new port needs.
 */
export type PortSetting =
  string | { variables: readonly PortVariable[]; avoid?: readonly number[]; alsoNeeded?: readonly string[] };

function portSettingParts(setting: PortSetting): Exclude<PortSetting, string> {
  return typeof setting === 'string' ? { variables: [{ name: setting }] } : setting;
}

/** Same URL, another port; a URL given without a trailing slash is returned without one. */
function withPort(raw: string, port: number): string {
  const url = new URL(raw);
  url.port = String(port);
  return raw.endsWith('/') ? url.href : url.href.replace(/\/$/, '');
}

/** `API_PORT=3002`, `APP_ORIGIN=http://localhost:3002`, `API_PORT=3002 and API_URL=http://localhost:3002`. */
function assignments(setting: PortSetting, port: number): string {
  return portSettingParts(setting)
    .variables.map(({ name, url }) => `${name}=${url ? withPort(url, port) : port}`)
    .join(' and ');
}

/** Why nothing can listen on `port` on `host` right now, or undefined when something can. */
export function listenProblem(port: number, host = 'localhost'): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    probe.listen(port, host, () => probe.close(() => resolve(undefined)));
  });
}

/**
 * A port free on `host` right now, none of `avoid`: the first of the next few after `port` (and above the
 * privileged ones), so that the suggestion reads like the configured one, or else whichever the system hands out.
 */
export async function freePortNear(port: number, host = 'localhost', avoid: Iterable<number> = []): Promise<number> {
  const taken = new Set(avoid);
  const first = Math.max(port + 1, 1024);
  for (let candidate = first; candidate < first + 20 && candidate <= 65535; candidate++) {
    if (!taken.has(candidate) && !(await listenProblem(candidate, host))) return candidate;
  }
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port: given } = probe.address() as AddressInfo;
      probe.close(() => resolve(given));
    });
  });
}

/** Variables among `names` set (not defaulted) to a URL on localhost at `port`: they must move with it. */
function urlsOnPort(source: Record<string, string | undefined>, names: string[], port: number): PortVariable[] {
  return names.flatMap((name) => {
    const raw = source[name]?.trim();
    if (!raw || !URL.canParse(raw)) return [];
    const url = new URL(raw);
    return url.hostname === 'localhost' && portOf(url) === port ? [{ name, url: raw }] : [];
  });
}

export interface QuickstartPortSettings {
  app: Exclude<PortSetting, string>;
  api: Exclude<PortSetting, string>;
  auth: Exclude<PortSetting, string>;
}

/**
 * The port settings of the SPA, the API and the local authorization server as `env` configures them, for the commands
 * that start several (`npm start`, `npm run serve`). A new port for the API also goes into API_URL when that is set to
 * the API's address, and likewise AUTH0_ISSUER_BASE_URL for the local server; a tenant must be told a new app origin.
 */
export function quickstartPortSettings(
  env: QuickstartEnvironment,
  source: Record<string, string | undefined> = process.env
): QuickstartPortSettings {
  const ports = { app: env.appPort, api: env.apiPort, ...(env.mode === 'local' ? { auth: env.authPort } : {}) };
  const others = (own: number) => Object.values(ports).filter((port) => port !== own);
  return {
    app: {
      variables: [{ name: 'APP_ORIGIN', url: env.appOrigin }],
      avoid: others(env.appPort),
      alsoNeeded:
        env.mode === 'tenant'
          ? ["then add the new origin to your Auth0 application's Allowed Callback URLs, Logout URLs and Web Origins"]
          : [],
    },
    api: {
      variables: [{ name: 'API_PORT' }, ...urlsOnPort(source, ['API_URL'], env.apiPort)],
      avoid: others(env.apiPort),
    },
    auth: {
      variables: [{ name: 'AUTH_PORT' }, ...urlsOnPort(source, ['AUTH0_ISSUER_BASE_URL'], env.authPort)],
      avoid: others(env.authPort),
    },
  };
}

/** Whether another port is the fix: this one is in use, or privileged. */
export function anotherPortFixes(error: NodeJS.ErrnoException): boolean {
  return error.code === 'EADDRINUSE' || error.code === 'EACCES';
}

/**
 * Why a listen failed, in one line a user can act on. When another port is the fix, the line gives the variables to
 * set and values that work, with `freePort` (from freePortNear) as the port.
 */
export function describeListenError(
  error: NodeJS.ErrnoException,
  port: number,
  setting: PortSetting,
  freePort?: number
): string {
  if (freePort === undefined || !anotherPortFixes(error)) return `could not listen on port ${port}: ${error.message}`;
  const { alsoNeeded = [] } = portSettingParts(setting);
  const fix = [`set ${assignments(setting, freePort)} (port ${freePort} is free now)`, ...alsoNeeded].join(', ');
  return error.code === 'EACCES'
    ? `not allowed to listen on port ${port} (below 1024 needs privileges): ${fix}.`
    : `port ${port} is already in use: stop whatever is using it, or ${fix}.`;
}

/** describeListenError, with a port that is free on `host` at this moment when another port is the fix. */
async function listenErrorLine(
  error: NodeJS.ErrnoException,
  port: number,
  setting: PortSetting,
  host = 'localhost'
): Promise<string> {
  const { avoid = [] } = portSettingParts(setting);
  const freePort = anotherPortFixes(error) ? await freePortNear(port, host, [port, ...avoid]) : undefined;
  return describeListenError(error, port, setting, freePort);
}

/**
 * Starts listening, on `localhost` unless told otherwise; resolves once bound, rejects with a readable message
 * otherwise.
 */
export function listenOnLocalhost(
  server: Server,
  port: number,
  setting: PortSetting,
  host = 'localhost'
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      void listenErrorLine(error, port, setting, host).then((line) => reject(new Error(line)), reject);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
