/**
 * The local authorization server and this project's API, started by their own entry points on free ports, for a
 * browser app at `appOrigin` that is not this quickstart (Auth0's auth0-spa-js sample, the second app): the server
 * keeps this quickstart's own entries and lets the other app in only through the ALLOWED_* lists, as it would any app
 * beside this one; the API answers CORS for one origin, so it is started with the other app's. As `npm start` does,
 * the API starts once the server it fetches its keys from answers.
 */
import { localEnvironment, startEntry, stop, type LocalPorts, type Started } from './processes';

export interface ServersForApp {
  /** What auth0-js and auth0-spa-js take as `domain`. */
  domain: string;
  /** The local server's issuer, with its trailing slash. */
  issuer: string;
  apiOrigin: string;
  stop(): Promise<void>;
}

/** Polls `url` until it answers 200, for at most a minute; fails at once if the process exits. */
async function answering(url: string, started: Started): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (started.child.exitCode !== null) throw new Error(`exited before answering ${url}:\n${started.output()}`);
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
    await response?.body?.cancel();
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within 60 s:\n${started.output()}`);
}

/** `ports` are this quickstart's (its app's stays listed), picked together with the other app's so none collide. */
export async function startServersFor(
  appOrigin: string,
  allowed: { callbackUrl: string; logoutUrl: string },
  ports: LocalPorts
): Promise<ServersForApp> {
  const local = localEnvironment(ports);
  const issuer = `http://localhost:${ports.auth}/`;
  const apiOrigin = `http://localhost:${ports.api}`;
  const started: Started[] = [];
  try {
    started.push(
      startEntry('src/auth-server/auth-server.main.ts', {
        ...local,
        ALLOWED_CALLBACK_URLS: `${local.APP_ORIGIN}/callback, ${allowed.callbackUrl}`,
        ALLOWED_LOGOUT_URLS: `${local.APP_ORIGIN}/, ${allowed.logoutUrl}`,
        ALLOWED_WEB_ORIGINS: `${local.APP_ORIGIN}, ${appOrigin}`,
      })
    );
    await answering(`${issuer}.well-known/openid-configuration`, started[0] as Started);
    started.push(startEntry('src/api/api.main.ts', { ...local, APP_ORIGIN: appOrigin }));
    await answering(`${apiOrigin}/healthz`, started[1] as Started);
  } catch (error) {
    for (const each of started.reverse()) await stop(each);
    throw error;
  }
  return {
    domain: `http://localhost:${ports.auth}`,
    issuer,
    apiOrigin,
    async stop() {
      for (const each of started.reverse()) await stop(each);
    },
  };
}
