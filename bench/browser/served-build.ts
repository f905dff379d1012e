/**
 * A build served the way `npm run serve` serves it, by that same entry point (scripts/serve.ts) on free localhost
 * ports, with the local authorization server beside it when logins are wanted.
 */
import { freePorts, startEntry, stop, waitForOutput, type Started } from '../../test/support/processes';

export interface Ports {
  app: number;
  api: number;
  auth: number;
}

/** The environment the build and the servers share; empty values win over a developer's .env. */
export function benchEnvironment(ports: Ports): Record<string, string> {
  return {
    AUTH0_DOMAIN: '',
    AUTH0_CLIENT_ID: '',
    AUTH0_AUDIENCE: '',
    AUTH0_ISSUER_BASE_URL: '',
    API_URL: '',
    APP_ORIGIN: `http://localhost:${ports.app}`,
    API_PORT: String(ports.api),
    AUTH_PORT: String(ports.auth),
  };
}

export async function pickPorts(): Promise<Ports> {
  const [app, api, auth] = await freePorts(3);
  return { app: app as number, api: api as number, auth: auth as number };
}

export interface Running {
  origin: string;
  stop(): Promise<void>;
}

async function started(entry: string, env: Record<string, string>, ready: RegExp): Promise<Started> {
  const child = startEntry(entry, env);
  try {
    await waitForOutput(child, ready, 60_000);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return child;
}

/** `npm run serve` for `dir`, and the local authorization server when `withAuth`. */
export async function serveBuild(dir: string, ports: Ports, withAuth: boolean): Promise<Running> {
  const env = benchEnvironment(ports);
  const children: Started[] = [];
  try {
    if (withAuth) children.push(await started('src/auth-server/main.ts', env, /ready on/));
    children.push(await started('scripts/serve.ts', { ...env, SERVE_DIR: dir }, /serve: ready on/));
  } catch (error) {
    await Promise.all(children.map((child) => stop(child)));
    throw error;
  }
  return {
    origin: env.APP_ORIGIN as string,
    stop: async () => {
      await Promise.all(children.map((child) => stop(child)));
    },
  };
}
