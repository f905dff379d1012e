/**
 * The whole configuration check behind `npm run check-config` and the first step of `npm start`: every variable
 * (through the same loaders the servers use, so the check cannot disagree with them), a few rules that only matter
 * when the parts run together, and, for a real tenant, what the tenant itself says about its issuer and keys.
 */
import type { FetchLike } from './bounded-fetch';
import {
  ConfigError,
  isProductionNodeEnv,
  KNOWN_VARIABLES,
  loadEnvironment,
  type QuickstartEnvironment,
} from './environment';
import { checkTenant, type TenantDocument, type TenantFacts, type TenantFindingCode } from './tenant-check';
import { isHttpsOrLocalhost, portOf } from './url-rules';
import { unknownVariableWarnings } from './variable-names';

export type FindingCode =
  /** A variable is missing, a placeholder, malformed or out of range. */
  | 'invalid-value'
  /** Local mode with an issuer that is not the local authorization server. */
  | 'local-issuer'
  /** Local mode with NODE_ENV=production: the local authorization server refuses to start. */
  | 'local-server-in-production'
  /** API_URL does not lead to the API this quickstart starts, or would carry tokens over plain http. */
  | 'api-url'
  /** Local mode with an ALLOWED_* list that leaves out this quickstart's own app, which then cannot log in. */
  | 'app-not-allowed'
  /** A name that looks like one of the quickstart's variables but is none of them (AUTH0_DOMIAN): it is ignored. */
  | 'unknown-variable'
  | TenantFindingCode;

/** One line for the user: what is wrong and the exact variable or dashboard setting that fixes it. */
export interface Finding {
  code: FindingCode;
  message: string;
}

export interface ConfigurationCheck {
  /** The settings, when the variables could be read at all. */
  env?: QuickstartEnvironment;
  /** Each one stops the quickstart working: `npm start` refuses, `check-config` exits 1. */
  problems: Finding[];
  warnings: Finding[];
  /** Set when a tenant was asked and answered with a discovery document and JWKS. */
  tenant?: TenantFacts;
  /** Set when the tenant could not be reached for this document, so neither it nor what follows was checked. */
  unreached?: TenantDocument;
}

export interface VariableSources {
  /** The names whose value came from `.env` (what loadDotenv returns), for the warnings to say where each was set. */
  fromDotenv?: ReadonlySet<string>;
}

export interface CheckOptions extends VariableSources {
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
  /** Per request to the tenant (discovery, then JWKS); defaults to CHECK_TIMEOUT_MS. */
  timeoutMs?: number;
  /**
   * Whether an unreachable tenant is a problem (the default: `check-config` must not say "ok" about a tenant it
   * could not see) or a warning (`npm start`, so a passing network failure does not block work on the app).
   */
  unreachable?: 'problem' | 'warning';
}

/** Two requests at most, so the whole check ends within about 10 s even when the tenant never answers. */
export const CHECK_TIMEOUT_MS = 5_000;

type Env = Record<string, string | undefined>;

function invalid(message: string): Finding {
  return { code: 'invalid-value', message };
}

function apiUrlWarnings(env: QuickstartEnvironment): Finding[] {
  const url = new URL(env.apiUrl);
  const port = portOf(url);
  if (url.hostname === 'localhost' && port !== env.apiPort) {
    return [
      {
        code: 'api-url',
        message: `API_URL (${env.apiUrl}) points at port ${port}, but the API listens on API_PORT ${env.apiPort}: the app will not reach it unless something forwards that port. Remove API_URL, or make the two agree.`,
      },
    ];
  }
  if (!isHttpsOrLocalhost(url)) {
    return [
      {
        code: 'api-url',
        message: `API_URL (${env.apiUrl}) uses plain http on another host: access tokens would cross the network unencrypted. Use https.`,
      },
    ];
  }
  return [];
}

/**
 * The lists may name other apps (a developer's own, next to this one); leaving this app out is allowed, for running
 * the local server for another app alone, but `npm start` would then start an app that cannot log in: a warning.
 */
function appNotAllowedWarnings(env: QuickstartEnvironment): Finding[] {
  const needs: [string, string[], string, string][] = [
    ['ALLOWED_CALLBACK_URLS', env.allowedCallbackUrls, `${env.appOrigin}/callback`, 'its login cannot come back'],
    ['ALLOWED_LOGOUT_URLS', env.allowedLogoutUrls, `${env.appOrigin}/`, 'its logout is refused'],
    [
      'ALLOWED_WEB_ORIGINS',
      env.allowedWebOrigins,
      env.appOrigin,
      'its token requests (CORS) and silent renewal are refused',
    ],
  ];
  return needs
    .filter(([, list, own]) => !list.includes(own))
    .map(([name, , own, consequence]) => ({
      code: 'app-not-allowed',
      message: `${name} does not list ${own}, this quickstart's own app (APP_ORIGIN): ${consequence}. Add it to the list to run both.`,
    }));
}

/** Names set that look like the quickstart's variables but are none of them; told even when the values fail. */
export function unknownVariableFindings(vars: Env, sources: VariableSources = {}): Finding[] {
  return unknownVariableWarnings(vars, KNOWN_VARIABLES, sources.fromDotenv).map((message) => ({
    code: 'unknown-variable',
    message,
  }));
}

/** Checks the variables alone, without any network request. */
export function checkEnvironment(vars: Env = process.env, sources: VariableSources = {}): ConfigurationCheck {
  const nameWarnings = unknownVariableFindings(vars, sources);
  let env: QuickstartEnvironment;
  try {
    env = loadEnvironment(vars);
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems.map(invalid), warnings: nameWarnings };
    throw error;
  }

  const problems: Finding[] = [];
  if (env.mode === 'local') {
    const localIssuer = `http://localhost:${env.authPort}/`;
    if (env.issuer !== localIssuer) {
      problems.push({
        code: 'local-issuer',
        message: `AUTH0_ISSUER_BASE_URL is ${env.issuer}, but without AUTH0_DOMAIN the quickstart uses its own authorization server, whose issuer is ${localIssuer}: remove AUTH0_ISSUER_BASE_URL (set AUTH_PORT to move the local server), or set AUTH0_DOMAIN to use your Auth0 tenant.`,
      });
    }
    if (isProductionNodeEnv(vars)) {
      problems.push({
        code: 'local-server-in-production',
        message: `NODE_ENV is ${JSON.stringify(vars.NODE_ENV)} (production) but AUTH0_DOMAIN is not set: the local authorization server is for development and tests only and will not start. Set AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_AUDIENCE for your Auth0 tenant, or unset NODE_ENV.`,
      });
    }
  }

  const warnings = [
    ...nameWarnings,
    ...apiUrlWarnings(env),
    ...(env.mode === 'local' ? appNotAllowedWarnings(env) : []),
  ];
  return { env, problems, warnings };
}

/**
 * Checks the variables and, in tenant mode, asks the tenant for its discovery document and JWKS (at most two
 * requests, each within `timeoutMs`). Never throws for bad values or network failures: everything is a finding.
 */
export async function checkConfiguration(
  vars: Env = process.env,
  options: CheckOptions = {}
): Promise<ConfigurationCheck> {
  const result = checkEnvironment(vars, options);
  if (!result.env || result.env.mode !== 'tenant') return result;

  const tenant = await checkTenant(result.env, {
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    timeoutMs: options.timeoutMs ?? CHECK_TIMEOUT_MS,
  });
  const unreachableIsWarning = options.unreachable === 'warning';
  for (const finding of tenant.problems) {
    const passing = finding.code === 'tenant-unreachable' && unreachableIsWarning;
    (passing ? result.warnings : result.problems).push(finding);
  }
  result.warnings.push(...tenant.warnings);
  return {
    ...result,
    ...(tenant.facts ? { tenant: tenant.facts } : {}),
    ...(tenant.unreached ? { unreached: tenant.unreached } : {}),
  };
}
