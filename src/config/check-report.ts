/**
 * How the configuration check is told to the user: one line per problem or warning, prefixed with the command that
 * found it, and a short summary of what will run when all is well, with the dashboard settings that cannot be seen
 * from here for the login flow in use. Shared by `npm run check-config` and `npm start`.
 */
import type { ConfigurationCheck, Finding } from './configuration-check';
import { FLOW_DESCRIPTIONS, type QuickstartEnvironment } from './environment';
import type { TenantDocument } from './tenant-check';

function problemLine(label: string, finding: Finding): string {
  // "configuration error" is what the servers print too; a tenant out of reach is not a wrong value.
  const kind = finding.code === 'tenant-unreachable' ? 'error' : 'configuration error';
  return `${label}: ${kind}: ${finding.message}`;
}

/** One line per problem, then one per warning. */
export function findingLines(label: string, check: ConfigurationCheck): string[] {
  return [
    ...check.problems.map((finding) => problemLine(label, finding)),
    ...check.warnings.map((finding) => `${label}: warning: ${finding.message}`),
  ];
}

function table(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`);
}

const flowName = (env: QuickstartEnvironment) => `${env.flow} (${FLOW_DESCRIPTIONS[env.flow]})`;

/** Whether the tokens are bound to the browser's key (AUTH0_DPOP), in words. */
export function dpopDescription(env: QuickstartEnvironment): string {
  return env.dpop
    ? 'on (AUTH0_DPOP=true): tokens bound to a key pair of the browser, RFC 9449'
    : 'off (AUTH0_DPOP=false): Bearer tokens';
}

/** The application's dashboard settings each flow needs, none of which discovery shows. */
function applicationSettings(env: QuickstartEnvironment): [string, string][] {
  const common: [string, string][] = [
    ['Application Type', 'Single Page Application'],
    ['Allowed Callback URLs', `${env.appOrigin}/callback`],
    ['Allowed Logout URLs', `${env.appOrigin}/`],
  ];
  if (env.flow === 'code') {
    return [
      ...common,
      // The browser calls /oauth/token and /oauth/revoke itself: Auth0 answers them with CORS for these origins.
      ['Allowed Web Origins', `${env.appOrigin} (the token endpoint's CORS)`],
      ['Refresh Token Rotation', 'Allow Refresh Token Rotation: on'],
      ['Credentials', 'Authentication Method: None'],
      ['Advanced → Grant Types', 'Authorization Code and Refresh Token'],
    ];
  }
  return [
    ...common,
    ['Allowed Web Origins', `${env.appOrigin} (checkSession's silent renewal)`],
    ['Advanced → Grant Types', 'Implicit'],
  ];
}

function apiSettings(env: QuickstartEnvironment): string {
  const offline = env.flow === 'code' ? ', Allow Offline Access on (refresh tokens)' : '';
  return `Identifier ${env.audience}${offline}, a permission read:messages (with RBAC on, also given to your users)`;
}

/** What runs, and where, once the check has passed. */
export function summaryLines(label: string, env: QuickstartEnvironment, check: ConfigurationCheck): string[] {
  if (env.mode === 'local') {
    return [
      `${label}: ok: local mode (AUTH0_DOMAIN is not set): the quickstart runs against its own local authorization server, for development and tests only.`,
      ...table([
        ['app (SPA)', env.appOrigin],
        ['API', env.apiUrl],
        ['authorization server', env.domain],
        ['issuer', env.issuer],
        ['client id', env.clientId],
        ['audience', env.audience],
        ['login flow', flowName(env)],
        ['DPoP', dpopDescription(env)],
        ['demo user', `${env.demoUser.email} / ${env.demoUser.password}`],
        ['allowed callback URLs', env.allowedCallbackUrls.join(', ')],
        ['allowed logout URLs', env.allowedLogoutUrls.join(', ')],
        ['allowed web origins', env.allowedWebOrigins.join(', ')],
      ]),
    ];
  }
  const keys = check.tenant?.signingKeyIds ?? [];
  const offers = env.flow === 'code' ? 'RS256 ID tokens and PKCE with S256' : 'RS256 ID tokens';
  return [
    `${label}: ok: tenant mode: the Auth0 tenant answers as issuer ${env.issuer}, offers ${offers} and publishes ${keys.length} RSA signing key(s) (kid ${keys.join(', ')}).`,
    ...table(tenantRows(env)),
    ...dashboardLines(label, env, 'not checked (only the Auth0 dashboard shows them)'),
  ];
}

function tenantRows(env: QuickstartEnvironment): [string, string][] {
  return [
    ['app (SPA)', env.appOrigin],
    ['API', env.apiUrl],
    ['Auth0 domain', env.domain],
    ['issuer', env.issuer],
    ['client id', env.clientId],
    ['audience', env.audience],
    ['login flow', flowName(env)],
    ['DPoP', dpopDescription(env)],
  ];
}

/** The dashboard settings nobody can see from here, introduced by `lead`. */
function dashboardLines(label: string, env: QuickstartEnvironment, lead: string): string[] {
  return [
    `${label}: ${lead}: in Applications → Applications → your application → Settings,`,
    ...table(applicationSettings(env)),
    `${label}: and in Applications → APIs → your API: ${apiSettings(env)}.`,
  ];
}

/**
 * When the tenant could not be reached (for `unreached`, its discovery document or its keys): what was checked all
 * the same (the variables, and the discovery document when only the keys were out of reach), and what was not, so
 * that a user working offline knows what is still to be confirmed.
 */
export function unreachedTenantLines(label: string, env: QuickstartEnvironment, unreached: TenantDocument): string[] {
  const needs = env.flow === 'code' ? 'RS256 ID tokens, PKCE with S256 and a token endpoint' : 'RS256 ID tokens';
  const discovery = `its discovery document (that it names the issuer ${env.issuer} and offers ${needs})`;
  const keys = 'its signing keys (a usable RSA key in its JWKS)';
  return [
    unreached === 'discovery'
      ? `${label}: checked: the variables, which give these settings:`
      : `${label}: checked: the variables, which give these settings, and the tenant's discovery document (its issuer and what it offers; any problem there is told above):`,
    ...table(tenantRows(env)),
    `${label}: not checked, since the tenant could not be reached: ${unreached === 'discovery' ? `${discovery} and ${keys}` : keys}.`,
    ...dashboardLines(label, env, 'never checked from here (only the Auth0 dashboard shows them)'),
  ];
}
