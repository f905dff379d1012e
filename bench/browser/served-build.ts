/**
 * A build served the way `npm run serve` serves it, by that same entry point (scripts/serve.ts) on free localhost
 * ports, with the local authorization server beside it when logins are wanted.
 */
import {
  localEnvironment,
  startEntry,
  stop,
  waitForOutput,
  type LocalPorts,
  type Started,
} from '../../test/support/processes';

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

/**
 * `npm run serve` for `dir`, and the local authorization server when `withAuth`; `extraEnv` (e.g. AUTH0_FLOW) goes to
 * both, and must be what the build was made with.
 */
export async function serveBuild(
  dir: string,
  ports: LocalPorts,
  withAuth: boolean,
  extraEnv: Record<string, string> = {}
): Promise<Running> {
  const env = { ...localEnvironment(ports), ...extraEnv };
  const children: Started[] = [];
  try {
    if (withAuth) children.push(await started('src/auth-server/auth-server.main.ts', env, /ready on/));
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
