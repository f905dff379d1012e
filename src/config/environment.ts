/**
 * The one place that turns environment variables into the quickstart's settings.
 *
 * Every part (SPA build, API, local authorization server, `npm start`) reads its values from here, so the local
 * defaults and the rules for a real tenant cannot drift apart. With `AUTH0_DOMAIN` unset the quickstart runs in
 * `local` mode against its own authorization server; with it set, in `tenant` mode against that Auth0 tenant.
 */

export type Mode = 'local' | 'tenant';

export interface DemoUser {
  email: string;
  password: string;
}

export interface QuickstartEnvironment {
  mode: Mode;
  /** What auth0-js is given as `domain`: a bare tenant host, or the local server's `http://localhost:PORT`. */
  domain: string;
  /** The token issuer with its trailing slash, exactly as it appears in `iss`. */
  issuer: string;
  clientId: string;
  audience: string;
  /** The SPA's origin (scheme, host, port); the dev server listens on its port. */
  appOrigin: string;
  appPort: number;
  /** The API's base URL as the browser reaches it; the access token is sent to this origin only. */
  apiUrl: string;
  apiPort: number;
  /** Only meaningful in local mode. */
  authPort: number;
  demoUser: DemoUser;
  /** Lifetime of tokens issued by the local authorization server, in seconds. */
  accessTokenLifetime: number;
}

export const LOCAL_DEFAULTS = {
  clientId: 'angularjs-quickstart',
  audience: 'urn:quickstart:api',
  appOrigin: 'http://localhost:3000',
  apiPort: 3001,
  authPort: 4000,
  demoUser: { email: 'demo@example.com', password: 'demo-password' },
  accessTokenLifetime: 7200,
} as const;

/** Thrown with every problem found, each a line that names the variable to fix. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

// Where each Auth0 value is found, so every message about one can say where to copy it from.
const APPLICATION_SETTINGS = 'in the Auth0 dashboard open Applications → Applications → your application → Settings';
const WHERE_TO_FIND: Record<string, string> = {
  AUTH0_DOMAIN: `${APPLICATION_SETTINGS} and copy its Domain`,
  AUTH0_CLIENT_ID: `${APPLICATION_SETTINGS} and copy its Client ID`,
  AUTH0_AUDIENCE: "in the Auth0 dashboard open Applications → APIs and copy your API's Identifier",
  AUTH0_ISSUER_BASE_URL: 'needed only with a custom domain: https://<custom domain>/',
  API_URL: 'the URL where the browser reaches the API; unset, it is http://localhost:<API_PORT>',
};

// Values that come from .env.example or the Auth0 docs and were never replaced.
const PLACEHOLDER = /(^|[^a-z])(your|my)[-_ ]|^<.*>$|\{.*\}|changeme|^x{3,}$/i;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

function parsePort(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    problems.push(`${name} must be a port number between 1 and 65535, got "${raw}".`);
    return fallback;
  }
  return port;
}

function parsePositiveInt(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    problems.push(`${name} must be a whole number of seconds above 0, got "${raw}".`);
    return fallback;
  }
  return Number(raw);
}

/** Parses an http(s) URL, reporting a problem when it is not one. */
function parseUrl(name: string, raw: string, problems: string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${name} must be an absolute http(s) URL, got "${raw}".`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${name} must start with http:// or https://, got "${raw}".`);
    return undefined;
  }
  return url;
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** Accepts `tenant.auth0.com`, `https://tenant.auth0.com` or `https://tenant.auth0.com/` and returns the host. */
function tenantHost(raw: string, problems: string[]): string {
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'https:' || (url.pathname !== '/' && url.pathname !== '') || url.search) throw new Error();
    return url.host;
  } catch {
    problems.push(
      `AUTH0_DOMAIN must be your tenant's domain such as "dev-abc123.us.auth0.com", got "${raw}": ${WHERE_TO_FIND.AUTH0_DOMAIN}.`
    );
    return raw;
  }
}

/**
 * Reads and checks the environment. Throws a ConfigError listing every problem at once, so a user fixes them in one
 * go rather than one restart at a time.
 */
export function loadEnvironment(env: Env = process.env): QuickstartEnvironment {
  const problems: string[] = [];
  const rawDomain = read(env, 'AUTH0_DOMAIN');
  const mode: Mode = rawDomain ? 'tenant' : 'local';

  for (const name of ['AUTH0_DOMAIN', 'AUTH0_CLIENT_ID', 'AUTH0_AUDIENCE', 'AUTH0_ISSUER_BASE_URL', 'API_URL']) {
    const value = read(env, name);
    if (value && isPlaceholder(value)) {
      problems.push(
        `${name} still holds the placeholder "${value}": replace it with your own value (${WHERE_TO_FIND[name]}) or remove it.`
      );
    }
  }

  const apiPort = parsePort(env, 'API_PORT', LOCAL_DEFAULTS.apiPort, problems);
  const authPort = parsePort(env, 'AUTH_PORT', LOCAL_DEFAULTS.authPort, problems);
  const accessTokenLifetime = parsePositiveInt(
    env,
    'ACCESS_TOKEN_LIFETIME',
    LOCAL_DEFAULTS.accessTokenLifetime,
    problems
  );

  const appOriginUrl = parseUrl('APP_ORIGIN', read(env, 'APP_ORIGIN') ?? LOCAL_DEFAULTS.appOrigin, problems);
  if (appOriginUrl && (appOriginUrl.pathname !== '/' || appOriginUrl.search || appOriginUrl.hash)) {
    problems.push(`APP_ORIGIN must be an origin only (scheme, host and port, no path), got "${appOriginUrl.href}".`);
  }
  const appOrigin = appOriginUrl?.origin ?? LOCAL_DEFAULTS.appOrigin;
  const appPort = appOriginUrl ? portOf(appOriginUrl) : 3000;

  const apiUrlUrl = parseUrl('API_URL', read(env, 'API_URL') ?? `http://localhost:${apiPort}`, problems);
  const apiUrl = apiUrlUrl ? apiUrlUrl.href.replace(/\/+$/, '') : `http://localhost:${apiPort}`;

  let domain: string;
  let issuer: string;
  let clientId: string;
  let audience: string;
  if (mode === 'tenant') {
    domain = tenantHost(rawDomain as string, problems);
    clientId = read(env, 'AUTH0_CLIENT_ID') ?? '';
    audience = read(env, 'AUTH0_AUDIENCE') ?? '';
    if (!clientId) {
      problems.push(`AUTH0_CLIENT_ID is required with AUTH0_DOMAIN: ${WHERE_TO_FIND.AUTH0_CLIENT_ID}.`);
    } else if (/[\s"'<>]/.test(clientId)) {
      problems.push(`AUTH0_CLIENT_ID must be the bare Client ID, got "${clientId}": ${WHERE_TO_FIND.AUTH0_CLIENT_ID}.`);
    }
    if (!audience) {
      problems.push(
        `AUTH0_AUDIENCE is required with AUTH0_DOMAIN, or access tokens come back opaque and the API refuses them: ${WHERE_TO_FIND.AUTH0_AUDIENCE}.`
      );
    }
    issuer = read(env, 'AUTH0_ISSUER_BASE_URL') ?? `https://${domain}/`;
  } else {
    domain = `http://localhost:${authPort}`;
    clientId = read(env, 'AUTH0_CLIENT_ID') ?? LOCAL_DEFAULTS.clientId;
    audience = read(env, 'AUTH0_AUDIENCE') ?? LOCAL_DEFAULTS.audience;
    issuer = read(env, 'AUTH0_ISSUER_BASE_URL') ?? `http://localhost:${authPort}/`;
  }
  const issuerUrl = parseUrl('AUTH0_ISSUER_BASE_URL', issuer, problems);
  if (issuerUrl && !issuer.endsWith('/')) issuer = `${issuer}/`;
  // Keys fetched over plain http could be swapped in transit, so only localhost itself may use it: a name under
  // .localhost is not special to Node's resolver here, so it goes to DNS like any other name.
  if (issuerUrl?.protocol === 'http:' && issuerUrl.hostname !== 'localhost') {
    problems.push(
      `AUTH0_ISSUER_BASE_URL must use https (http is only allowed for localhost), got "${issuerUrl.href}".`
    );
  }
  if (issuerUrl && (issuerUrl.search || issuerUrl.hash)) {
    problems.push(`AUTH0_ISSUER_BASE_URL must not have a query or fragment, got "${issuerUrl.href}".`);
  }

  if (mode === 'local') {
    if (!isPlaceholder(audience) && !/^[a-z][a-z0-9+.-]*:/i.test(audience)) {
      problems.push(`AUTH0_AUDIENCE must be an absolute URI such as "urn:quickstart:api", got "${audience}".`);
    }
    const taken = new Map<number, string>([
      [appPort, 'APP_ORIGIN'],
      [apiPort, 'API_PORT'],
    ]);
    if (appPort === apiPort) problems.push(`API_PORT (${apiPort}) must differ from the port of APP_ORIGIN.`);
    const clash = taken.get(authPort);
    if (clash) problems.push(`AUTH_PORT (${authPort}) must differ from ${clash}'s port.`);
  }

  const demoUser: DemoUser = {
    email: read(env, 'DEMO_USER_EMAIL') ?? LOCAL_DEFAULTS.demoUser.email,
    password: read(env, 'DEMO_USER_PASSWORD') ?? LOCAL_DEFAULTS.demoUser.password,
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode,
    domain,
    issuer,
    clientId,
    audience,
    appOrigin,
    appPort,
    apiUrl,
    apiPort,
    authPort,
    demoUser,
    accessTokenLifetime,
  };
}

/**
 * Loads `.env` from the working directory into `process.env` when the file exists. Variables already set in the
 * environment win, as with dotenv.
 */
export function loadDotenv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
