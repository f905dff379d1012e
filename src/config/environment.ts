/**
 * The one place that turns environment variables into the quickstart's settings.
 *
 * Every part (SPA build, API, local authorization server, `npm start`) reads its values from here, so the local
 * defaults and the rules for a real tenant cannot drift apart. With `AUTH0_DOMAIN` unset the quickstart runs in
 * `local` mode against its own authorization server; with it set, in `tenant` mode against that Auth0 tenant.
 */
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { isHttpsOrLocalhost, portOf } from './url-rules';

/**
 * Every environment variable the quickstart's servers and scripts read, one name a line. A name that is set but not
 * listed here, and looks like one of these (AUTH0_DOMIAN, AUTHO_FLOW), is warned about (src/config/variable-names.ts);
 * a test fails when loadEnvironment reads a name missing here. A new variable: read it below, list it here, and
 * document it in .env.example and the README's Configuration table.
 */
export const KNOWN_VARIABLES = [
  // The Auth0 tenant; unset, the local authorization server.
  'AUTH0_DOMAIN',
  'AUTH0_CLIENT_ID',
  'AUTH0_AUDIENCE',
  'AUTH0_ISSUER_BASE_URL',
  // How the SPA logs in, and whether its tokens are bound to the browser's key.
  'AUTH0_FLOW',
  'AUTH0_DPOP',
  // Ports and origins.
  'APP_ORIGIN',
  'API_PORT',
  'API_URL',
  'AUTH_PORT',
  // The API's token checks.
  'API_CLOCK_TOLERANCE_SECONDS',
  'API_REQUIRE_AT_JWT_TYP',
  'API_REQUIRE_TOKEN_SENDER_CONSTRAINING',
  // The local authorization server.
  'DEMO_USER_EMAIL',
  'DEMO_USER_PASSWORD',
  'ACCESS_TOKEN_LIFETIME',
  'ALLOWED_CALLBACK_URLS',
  'ALLOWED_LOGOUT_URLS',
  'ALLOWED_WEB_ORIGINS',
  'REFRESH_TOKEN_REVOCATION_DELETES_GRANT',
  'DPOP_REQUIRE_NONCE',
  // Read outside loadEnvironment: the local server's refusal, `npm run serve`, the browsers of `npm test`.
  'NODE_ENV',
  'SERVE_HOST',
  'SERVE_DIR',
  'CHROME_BIN',
  'FIREFOX_BIN',
  // Set by `npm start` for the servers it starts (src/config/startup.ts).
  'QUICKSTART_WARNINGS_SHOWN',
] as const;

export type Mode = 'local' | 'tenant';

/**
 * How the SPA logs in (AUTH0_FLOW): `code` is Authorization Code with PKCE and rotating refresh tokens, the default;
 * `implicit` is the original tutorial's flow (tokens in the URL fragment, renewal through a hidden iframe).
 */
export type Flow = 'code' | 'implicit';
export const FLOWS: readonly Flow[] = ['code', 'implicit'];
/** Each flow in words, for what the scripts print (`npm start`, `check-config`). */
export const FLOW_DESCRIPTIONS: Readonly<Record<Flow, string>> = {
  code: 'Authorization Code with PKCE and rotating refresh tokens',
  implicit: "the original tutorial's implicit flow: tokens in the URL fragment, renewal in a hidden iframe",
};

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
  /** Lifetime of tokens issued by the local authorization server, in seconds (at most MAX_ACCESS_TOKEN_LIFETIME). */
  accessTokenLifetime: number;
  flow: Flow;
  /** The API's leeway for `exp` and `nbf`, in seconds (API_CLOCK_TOLERANCE_SECONDS, 0 to 300). */
  apiClockToleranceSeconds: number;
  /** Whether the API requires the RFC 9068 header `typ: at+jwt` (API_REQUIRE_AT_JWT_TYP; Auth0 tenants send JWT). */
  apiRequireAtJwtTyp: boolean;
  /**
   * Whether the API accepts only DPoP-bound tokens with their proof and refuses `Bearer`
   * (API_REQUIRE_TOKEN_SENDER_CONSTRAINING, as the Auth0 API setting "Require Token Sender-Constraining").
   */
  apiRequireTokenSenderConstraining: boolean;
  /**
   * The local authorization server's Allowed Callback URLs (ALLOWED_CALLBACK_URLS): a `redirect_uri` must be one of
   * them, character for character. By default this app's `${appOrigin}/callback`.
   */
  allowedCallbackUrls: string[];
  /** Its Allowed Logout URLs (ALLOWED_LOGOUT_URLS): `returnTo` must be one of them exactly. By default the app's origin. */
  allowedLogoutUrls: string[];
  /**
   * Its Allowed Web Origins (ALLOWED_WEB_ORIGINS), as origins without a trailing slash: the only origins answered with
   * CORS at /oauth/token, /oauth/revoke and /userinfo, and the only ones a `web_message` response is posted to.
   */
  allowedWebOrigins: string[];
  /**
   * The local authorization server's copy of Auth0's tenant setting "Refresh Token Revocation Deletes Grant"
   * (REFRESH_TOKEN_REVOCATION_DELETES_GRANT): off, revoking a refresh token ends that login's rotation family only, as
   * for tenants created since 2021; on, it ends every refresh token the user holds for the application.
   */
  refreshTokenRevocationDeletesGrant: boolean;
  /** Whether the local authorization server demands a server-provided nonce in DPoP proofs (DPOP_REQUIRE_NONCE). */
  dpopRequireNonce: boolean;
  /**
   * Whether the SPA binds its tokens to a key pair of the browser with DPoP, RFC 9449 (AUTH0_DPOP, off by default).
   * Code flow only: the implicit flow's tokens come from the authorization endpoint, where no proof can be sent.
   */
  dpop: boolean;
}

/** The variables that mirror an Auth0 application's URL lists, each with its dashboard setting. */
export const ALLOWED_URL_VARIABLES = {
  ALLOWED_CALLBACK_URLS: 'Allowed Callback URLs',
  ALLOWED_LOGOUT_URLS: 'Allowed Logout URLs',
  ALLOWED_WEB_ORIGINS: 'Allowed Web Origins',
} as const;
type AllowedUrlVariable = keyof typeof ALLOWED_URL_VARIABLES;

export const LOCAL_DEFAULTS = {
  clientId: 'angularjs-quickstart',
  audience: 'urn:quickstart:api',
  appOrigin: 'http://localhost:3000',
  apiPort: 3001,
  authPort: 4000,
  demoUser: { email: 'demo@example.com', password: 'demo-password' },
  accessTokenLifetime: 7200,
  refreshTokenRevocationDeletesGrant: false,
  dpopRequireNonce: false,
} as const;

/** Defaults that hold in both modes. */
export const DEFAULTS = {
  flow: 'code',
  apiClockToleranceSeconds: 5,
  apiRequireAtJwtTyp: false,
  dpop: false,
  apiRequireTokenSenderConstraining: false,
} as const;

/**
 * One day. The SPA schedules its renewal with a browser timer, and browsers hold a timer delay in a signed 32-bit
 * number of milliseconds (2^31-1 ms, about 24.8 days): a longer delay fires at once, so a longer lifetime would
 * make the app renew without pause. A day stays far below that, and is already long for an access token.
 */
export const MAX_ACCESS_TOKEN_LIFETIME = 86_400;
const MAX_CLOCK_TOLERANCE_SECONDS = 300;

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

// Values that come from .env.example, the README or the Auth0 docs and were never replaced: `your-...` and
// `YOUR_...`, `<...>` and `{...}`, `...` (the README's client id), `dev-abc123` (the README's example tenant), a
// shell variable left unexpanded (`https://$AUTH0_DOMAIN/`), `changeme`, `xxx`.
const PLACEHOLDER =
  /(^|[^a-z])(your|my)[-_ ]|^<.*>$|\{.*\}|^(\.{3,}|…)$|(^|[^a-z0-9])dev-abc123\b|\$|changeme|^x{3,}$/i;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/** A whole number from `min` to `max`; otherwise `problem(raw)` is reported and the fallback used. */
function parseWholeNumber(
  env: Env,
  name: string,
  range: { fallback: number; min: number; max: number },
  problem: (raw: string) => string,
  problems: string[]
): number {
  const raw = read(env, name);
  if (raw === undefined) return range.fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < range.min || value > range.max) {
    problems.push(problem(raw));
    return range.fallback;
  }
  return value;
}

function parsePort(env: Env, name: string, fallback: number, problems: string[]): number {
  return parseWholeNumber(
    env,
    name,
    { fallback, min: 1, max: 65535 },
    (raw) => `${name} must be a port number between 1 and 65535, got "${raw}".`,
    problems
  );
}

function parseBoolean(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = read(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  problems.push(`${name} must be true or false, got "${read(env, name)}".`);
  return fallback;
}

function parseFlow(env: Env, problems: string[]): Flow {
  const raw = read(env, 'AUTH0_FLOW');
  if (raw === undefined) return DEFAULTS.flow;
  const flow = FLOWS.find((name) => name === raw.toLowerCase());
  if (!flow) {
    problems.push(
      `AUTH0_FLOW must be code (Authorization Code with PKCE, the default) or implicit (the original tutorial's flow), got "${raw}".`
    );
    return DEFAULTS.flow;
  }
  return flow;
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

/**
 * A comma-separated list of URLs, as the Auth0 dashboard takes them (spaces around the commas ignored), or `fallback`
 * when unset. Callback and logout URLs are kept as written, since they are matched exactly; web origins are kept as
 * the browser sends them in `Origin` (no trailing slash, no default port). A wildcard, a relative or non-http(s) URL,
 * a fragment, or (for an origin) a path or query is reported, naming the variable.
 */
function parseUrlList(
  env: Env,
  name: AllowedUrlVariable,
  fallback: string[],
  kind: 'url' | 'origin',
  problems: string[]
): string[] {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) {
    problems.push(`${name} must list at least one URL, separated by commas, got "${raw}".`);
    return fallback;
  }
  const values: string[] = [];
  for (const entry of entries) {
    const url = URL.parse(entry);
    if (entry.includes('*')) {
      problems.push(
        `${name} cannot hold a wildcard, got "${entry}": the local server matches exactly, so list each ${kind === 'origin' ? 'origin' : 'URL'}.`
      );
    } else if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || /\s/.test(entry)) {
      problems.push(`${name} must list absolute http(s) URLs separated by commas, got "${entry}".`);
    } else if (url.username || url.password) {
      problems.push(`${name} must not hold a user name or password, got "${entry}".`);
    } else if (kind === 'origin' && (url.pathname !== '/' || url.search || entry.includes('#'))) {
      problems.push(`${name} must list origins only (scheme, host and port, no path), got "${entry}".`);
    } else if (entry.includes('#')) {
      problems.push(`${name} must not hold a fragment (#...), got "${entry}".`);
    } else {
      values.push(kind === 'origin' ? url.origin : entry);
    }
  }
  return [...new Set(values)];
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

// An Auth0 Client ID as the dashboard shows it: 32 letters and digits. The local server's ids are chosen by hand.
const AUTH0_CLIENT_ID_SHAPE = /^[A-Za-z0-9]{32}$/;

/**
 * Without AUTH0_DOMAIN the quickstart runs its own authorization server, which takes a client id, an audience and a
 * local issuer of its own. A value only a tenant has (an Auth0 Client ID, an issuer that is not on localhost) means
 * AUTH0_DOMAIN was forgotten or misspelt (AUTH0_DOMIAN): the local server would run with the tenant's values, and
 * the login page would be the local one. The audience is not among them: any URI is a fine local audience.
 */
function tenantValuesWithoutDomain(clientId: string, issuer: string): string | undefined {
  const found: string[] = [];
  if (AUTH0_CLIENT_ID_SHAPE.test(clientId)) found.push(`AUTH0_CLIENT_ID holds an Auth0 Client ID ("${clientId}")`);
  // Plain http to another host is refused on its own (tokens would cross the network unencrypted).
  const issuerUrl = URL.parse(issuer);
  if (issuerUrl?.protocol === 'https:' && issuerUrl.hostname !== 'localhost') {
    found.push(`AUTH0_ISSUER_BASE_URL holds a tenant's issuer ("${issuer}")`);
  }
  if (found.length === 0) return undefined;
  const names = found.length === 1 ? 'it' : 'them';
  return `${found.join(' and ')}, but AUTH0_DOMAIN is not set, so the local authorization server would run instead of your tenant: set AUTH0_DOMAIN to your tenant's domain (${WHERE_TO_FIND.AUTH0_DOMAIN}), or remove ${names} to use the local server.`;
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
  const accessTokenLifetime = parseWholeNumber(
    env,
    'ACCESS_TOKEN_LIFETIME',
    { fallback: LOCAL_DEFAULTS.accessTokenLifetime, min: 1, max: MAX_ACCESS_TOKEN_LIFETIME },
    (raw) =>
      `ACCESS_TOKEN_LIFETIME must be a whole number of seconds from 1 to ${MAX_ACCESS_TOKEN_LIFETIME} (one day), got "${raw}": the app renews tokens with a browser timer, which cannot wait longer than 2^31-1 ms (about 24.8 days).`,
    problems
  );
  const flow = parseFlow(env, problems);
  const apiClockToleranceSeconds = parseWholeNumber(
    env,
    'API_CLOCK_TOLERANCE_SECONDS',
    { fallback: DEFAULTS.apiClockToleranceSeconds, min: 0, max: MAX_CLOCK_TOLERANCE_SECONDS },
    (raw) => `API_CLOCK_TOLERANCE_SECONDS must be a whole number of seconds from 0 to 300, got "${raw}".`,
    problems
  );
  const apiRequireAtJwtTyp = parseBoolean(env, 'API_REQUIRE_AT_JWT_TYP', DEFAULTS.apiRequireAtJwtTyp, problems);
  const dpop = parseBoolean(env, 'AUTH0_DPOP', DEFAULTS.dpop, problems);
  if (dpop && flow === 'implicit') {
    problems.push(
      'AUTH0_DPOP=true needs the code flow, but AUTH0_FLOW is implicit (its tokens come from the authorization endpoint, where no DPoP proof can be sent): set AUTH0_FLOW=code, or AUTH0_DPOP=false.'
    );
  }
  const apiRequireTokenSenderConstraining = parseBoolean(
    env,
    'API_REQUIRE_TOKEN_SENDER_CONSTRAINING',
    DEFAULTS.apiRequireTokenSenderConstraining,
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
    const tenantValues = tenantValuesWithoutDomain(clientId, issuer);
    if (tenantValues) problems.push(tenantValues);
  }
  // An ID token's `aud` is the client id: were the API's identifier the same, ID tokens would pass as access
  // tokens (RFC 9068 section 4 and RFC 8725 section 3.12 both say one token type must never pass for the other).
  if (clientId && clientId === audience && !isPlaceholder(clientId)) {
    problems.push(
      `AUTH0_CLIENT_ID and AUTH0_AUDIENCE are both "${clientId}": an ID token would then pass as an access token. Set AUTH0_AUDIENCE to your API's Identifier (Applications → APIs), not the application's Client ID.`
    );
  }
  const issuerUrl = parseUrl('AUTH0_ISSUER_BASE_URL', issuer, problems);
  if (issuerUrl && !issuer.endsWith('/')) issuer = `${issuer}/`;
  // The API fetches its keys from the issuer: keys swapped in transit would let anyone sign tokens.
  if (issuerUrl && !isHttpsOrLocalhost(issuerUrl)) {
    problems.push(
      `AUTH0_ISSUER_BASE_URL must use https (http is only allowed for localhost), got "${issuerUrl.href}".`
    );
  }
  if (issuerUrl && (issuerUrl.search || issuerUrl.hash)) {
    problems.push(`AUTH0_ISSUER_BASE_URL must not have a query or fragment, got "${issuerUrl.href}".`);
  }

  if (mode === 'local') {
    // The local servers listen on localhost only, and the implicit flow's checkSession needs the app on the same
    // site as the authorization server: at 127.0.0.1 or another name the login would not come back.
    if (appOriginUrl && appOriginUrl.hostname !== 'localhost') {
      problems.push(
        `APP_ORIGIN must be on localhost with the local authorization server (it and the app listen there), got "${appOrigin}".`
      );
    }
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

  // Today's single app, unless the lists say otherwise: its /callback, its origin with and without the slash.
  const allowedCallbackUrls = parseUrlList(env, 'ALLOWED_CALLBACK_URLS', [`${appOrigin}/callback`], 'url', problems);
  const allowedLogoutUrls = parseUrlList(env, 'ALLOWED_LOGOUT_URLS', [appOrigin, `${appOrigin}/`], 'url', problems);
  const allowedWebOrigins = parseUrlList(env, 'ALLOWED_WEB_ORIGINS', [appOrigin], 'origin', problems);

  const refreshTokenRevocationDeletesGrant = parseBoolean(
    env,
    'REFRESH_TOKEN_REVOCATION_DELETES_GRANT',
    LOCAL_DEFAULTS.refreshTokenRevocationDeletesGrant,
    problems
  );
  const dpopRequireNonce = parseBoolean(env, 'DPOP_REQUIRE_NONCE', LOCAL_DEFAULTS.dpopRequireNonce, problems);

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
    flow,
    apiClockToleranceSeconds,
    apiRequireAtJwtTyp,
    apiRequireTokenSenderConstraining,
    allowedCallbackUrls,
    allowedLogoutUrls,
    allowedWebOrigins,
    refreshTokenRevocationDeletesGrant,
    dpopRequireNonce,
    dpop,
  };
}

/**
 * Whether NODE_ENV names production, in any spelling tools and people use: `production` or `prod`, in any case, with
 * stray spaces ("Production", " PRODUCTION ", "prod"). The local authorization server refuses all of them: a near miss
 * must not slip through. Other values (`staging`, `preprod`, `development`) are not production.
 */
export function isProductionNodeEnv(env: Env = process.env): boolean {
  return /^prod(uction)?$/i.test(env.NODE_ENV?.trim() ?? '');
}

/**
 * Loads `.env` from the working directory into `target` (`process.env`) when the file exists. Variables already set
 * in the environment win, as with dotenv. Returns the names whose value now comes from the file, so that a warning
 * about one can say where it was set.
 */
export function loadDotenv(path = '.env', target: Env = process.env): Set<string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
  const taken = new Set<string>();
  // Node's own parser, the one behind process.loadEnvFile and `node --env-file`.
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (target[name] !== undefined || value === undefined) continue;
    target[name] = value;
    taken.add(name);
  }
  return taken;
}
