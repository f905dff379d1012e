/**
 * Test helpers for starting the project's own entry points as child processes: free ports on localhost, waiting for
 * a line of output, and stopping by process id with a bounded wait.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const projectRoot = join(import.meta.dirname, '..', '..');

/**
 * `count` different ports the OS reports free on localhost right now (each held open until all are found, so none
 * repeats): the one free-port helper of the tests and the benchmarks.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, 'localhost', () => resolve(server));
        })
    )
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Whether a server could listen on `port` on localhost right now. */
export function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, 'localhost', () => probe.close(() => resolve(true)));
  });
}

export interface PortAdvice {
  /** The variables the line says to set, e.g. `{ API_PORT: '3002', API_URL: 'http://localhost:3002' }`. */
  set: Record<string, string>;
  /** The port it says is free now. */
  freePort: number;
  /** Whatever it says comes after, e.g. ", then run `npm run build` again". */
  rest: string;
}

/** What a "port in use" line advises; fails unless `line` is `label`'s one-line refusal of `port`. */
export function portInUseAdvice(line: string, label: string, port: number): PortAdvice {
  const match = new RegExp(
    `^${label}: port ${port} is already in use: stop whatever is using it, or set (.+) \\(port (\\d+) is free now\\)(.*)\\.$`
  ).exec(line);
  if (!match) throw new Error(`not a refusal of port ${port} by ${label}: ${line}`);
  const [, assignments = '', freePort = '', rest = ''] = match;
  const set = Object.fromEntries(assignments.split(' and ').map((pair) => pair.split('=', 2) as [string, string]));
  return { set, freePort: Number(freePort), rest };
}

export interface LocalPorts {
  app: number;
  api: number;
  auth: number;
}

/** Three ports the OS reports free on localhost: for the SPA, the API and the local authorization server. */
export async function freeLocalPorts(): Promise<LocalPorts> {
  const [app, api, auth] = await freePorts(3);
  return { app: app as number, api: api as number, auth: auth as number };
}

/**
 * The quickstart in local mode on the given ports. The tenant variables and the local server's allowed URL lists are
 * set empty, because values already in the environment win over a developer's .env: a run always uses the local
 * authorization server, set up for this app.
 */
export function localEnvironment(ports: LocalPorts): Record<string, string> {
  return {
    AUTH0_DOMAIN: '',
    AUTH0_CLIENT_ID: '',
    AUTH0_AUDIENCE: '',
    AUTH0_ISSUER_BASE_URL: '',
    API_URL: '',
    ALLOWED_CALLBACK_URLS: '',
    ALLOWED_LOGOUT_URLS: '',
    ALLOWED_WEB_ORIGINS: '',
    APP_ORIGIN: `http://localhost:${ports.app}`,
    API_PORT: String(ports.api),
    AUTH_PORT: String(ports.auth),
  };
}

export interface Started {
  child: ChildProcess;
  /** Everything written so far to stdout and stderr. */
  output: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | NodeJS.Signals>;
}

/** Runs a TypeScript entry point of the project with tsx, in a clean environment plus `env`. */
export function startEntry(entry: string, env: Record<string, string>, args: string[] = []): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, entry), ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal as NodeJS.Signals)))
  );
  return { child, output: () => output, exited };
}

/** Waits until the output matches, the process exits, or the time runs out. */
export async function waitForOutput(started: Started, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void started.exited.then(() => (ended = true));
  while (!pattern.test(started.output())) {
    if (ended) throw new Error(`process exited before printing ${pattern}:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sends SIGTERM, then SIGKILL after `graceMs`; resolves with how the process ended. */
export async function stop(started: Started, graceMs = 10_000): Promise<number | NodeJS.Signals> {
  if (started.child.exitCode === null && started.child.signalCode === null) {
    started.child.kill('SIGTERM');
    const timer = setTimeout(() => started.child.kill('SIGKILL'), graceMs);
    const result = await started.exited;
    clearTimeout(timer);
    return result;
  }
  return started.exited;
}
