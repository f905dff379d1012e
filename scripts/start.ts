/**
 * `npm start`: the whole quickstart in one command.
 *
 * Without AUTH0_DOMAIN it starts the local authorization server, the API and the SPA dev server; with it, the API and
 * the SPA only, against that tenant. Each server is a child process started by the project's own entry points, and
 * each must answer before the next starts, so the first URL printed is one that works. Ctrl-C (or SIGTERM) stops
 * them all; any one of them dying stops the rest, so nothing is left half-running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { FLOW_DESCRIPTIONS, LOCAL_DEFAULTS, type QuickstartEnvironment } from '../src/config/environment';
import { dpopDescription } from '../src/config/check-report';
import {
  anotherPortFixes,
  checkedConfigurationOrExit,
  describeListenError,
  freePortNear,
  listenProblem,
  quickstartPortSettings,
  WARNINGS_SHOWN,
  type PortSetting,
} from '../src/config/startup';

interface Service {
  name: string;
  args: string[];
  port: number;
  portSetting: PortSetting;
  /** Answers 200 once the service can be used. */
  readyUrl: string;
  readyTimeoutMs: number;
  /** Rewrites (or, returning undefined, drops) a line of the service's output. */
  filter?: (line: string) => string | undefined;
}

/** The built-in demo password is printed; one the user chose is not (a terminal is often shared or recorded). */
function demoPasswordHint(password: string): string {
  return password === LOCAL_DEFAULTS.demoUser.password ? password : 'the password set in DEMO_USER_PASSWORD';
}

const root = join(import.meta.dirname, '..');
const tsx = (entry: string) => ['--import', 'tsx', join(root, entry)];

function servicesFor(env: QuickstartEnvironment): Service[] {
  const services: Service[] = [];
  const portSettings = quickstartPortSettings(env);
  if (env.mode === 'local') {
    services.push({
      name: 'auth',
      args: tsx('src/auth-server/auth-server.main.ts'),
      port: env.authPort,
      portSetting: portSettings.auth,
      readyUrl: `${env.issuer}.well-known/openid-configuration`,
      readyTimeoutMs: 30_000,
    });
  }
  services.push(
    {
      name: 'api',
      args: tsx('src/api/api.main.ts'),
      port: env.apiPort,
      portSetting: portSettings.api,
      readyUrl: `http://localhost:${env.apiPort}/healthz`,
      readyTimeoutMs: 30_000,
    },
    {
      name: 'spa',
      // Errors and warnings only: the full asset table after every rebuild buries the lines that matter.
      args: [
        join(root, 'node_modules/webpack-cli/bin/cli.js'),
        'serve',
        '--mode',
        'development',
        '--stats',
        'errors-warnings',
      ],
      port: env.appPort,
      portSetting: portSettings.app,
      readyUrl: `${env.appOrigin}/`,
      // The first development build takes 10-20 s on two cores.
      readyTimeoutMs: 120_000,
      filter: (line) => onlyTheWorkingAddress(line, env.appOrigin),
    }
  );
  return services;
}

/**
 * webpack-dev-server lists every loopback address ("Loopback: http://localhost:3000/, http://127.0.0.1:3000/"), but
 * only localhost works: the callback URL, the API's CORS and checkSession's same-site cookie are all set up for it,
 * so a user who opens 127.0.0.1 meets invalid_redirect_uri. Only the working address is printed.
 */
function onlyTheWorkingAddress(line: string, appOrigin: string): string | undefined {
  if (!/127\.0\.0\.1|\[::1\]/.test(line)) return line;
  if (line.includes('Loopback:')) return line.replace(/Loopback:.*$/, `Loopback: ${appOrigin}/`);
  return undefined;
}

/**
 * A readable line for each port that cannot be used, before anything has been started. Each suggests a port that is
 * free now and is neither another service's nor one suggested on an earlier line.
 */
async function portProblems(services: Service[]): Promise<string[]> {
  const lines: string[] = [];
  const spoken = new Set(services.map((service) => service.port));
  for (const service of services) {
    const error = await listenProblem(service.port);
    if (!error) continue;
    const freePort = anotherPortFixes(error) ? await freePortNear(service.port, 'localhost', spoken) : undefined;
    if (freePort !== undefined) spoken.add(freePort);
    lines.push(describeListenError(error, service.port, service.portSetting, freePort));
  }
  return lines;
}

const children = new Map<string, ChildProcess>();
let stopping = false;

function prefixLines(service: Service, stream: NodeJS.ReadableStream, out: NodeJS.WritableStream): void {
  const write = (raw: string) => {
    const line = service.filter ? service.filter(raw) : raw;
    if (line !== undefined) out.write(`[${service.name}] ${line}\n`);
  };
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) write(line);
  });
  stream.on('end', () => pending && write(pending));
}

function startService(service: Service): ChildProcess {
  const child = spawn(process.execPath, service.args, {
    cwd: root,
    // The children's output is piped through this process, so they cannot see the terminal for themselves. The
    // check above has told the warnings about the variables; the servers need not repeat them.
    env: {
      ...process.env,
      ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' }),
      [WARNINGS_SHOWN]: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(service.name, child);
  prefixLines(service, child.stdout as NodeJS.ReadableStream, process.stdout);
  prefixLines(service, child.stderr as NodeJS.ReadableStream, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(service.name);
    if (!stopping) {
      console.error(
        `[start] ${service.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the rest.`
      );
      void stopAll(1);
    }
  });
  return child;
}

async function waitUntilReady(service: Service, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + service.readyTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${service.name} exited before it was ready.`);
    try {
      const response = await fetch(service.readyUrl, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} did not answer ${service.readyUrl} within ${service.readyTimeoutMs / 1000} s.`);
}

async function stopAll(code: number): Promise<never> {
  stopping = true;
  const exits = [...children.values()].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      })
  );
  await Promise.all(exits);
  process.exit(code);
}

async function main(): Promise<void> {
  // The same checks as `npm run check-config`. An unreachable tenant only warns, so a network hiccup or working
  // offline on the app does not block starting; wrong values and a tenant that answers wrongly refuse.
  const { env } = await checkedConfigurationOrExit('start', { unreachable: 'warning' });
  const services = servicesFor(env);

  const busy = await portProblems(services);
  if (busy.length > 0) {
    for (const line of busy) console.error(`start: ${line}`);
    process.exit(1);
  }

  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  for (const service of services) {
    const child = startService(service);
    try {
      await waitUntilReady(service, child);
    } catch (error) {
      if (!stopping) {
        console.error(`[start] ${(error as Error).message}`);
        await stopAll(1);
      }
      return;
    }
  }

  const lines = [
    '',
    `Quickstart ready: open ${env.appOrigin}`,
    env.mode === 'local'
      ? `  Log in with the demo user ${env.demoUser.email} / ${demoPasswordHint(env.demoUser.password)} (local authorization server at ${env.issuer}).`
      : `  Logging in through your Auth0 tenant ${env.domain}.`,
    `  Login flow: ${FLOW_DESCRIPTIONS[env.flow]} (AUTH0_FLOW=${env.flow}).`,
    `  DPoP: ${dpopDescription(env)}.`,
    `  API at ${env.apiUrl}. Press Ctrl-C to stop.`,
    '',
  ];
  console.log(lines.join('\n'));
}

await main();
