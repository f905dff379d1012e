/**
 * How the configuration check is told to the user: one line per problem or warning, prefixed with the command that
 * found it, and a short summary of what will run when all is well. Shared by `npm run check-config` and `npm start`.
 */
import { checkConfiguration, type CheckOptions, type ConfigurationCheck, type Finding } from './configuration-check';
import { loadDotenv, type QuickstartEnvironment } from './environment';

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
        ['demo user', `${env.demoUser.email} / ${env.demoUser.password}`],
      ]),
    ];
  }
  const keys = check.tenant?.signingKeyIds ?? [];
  return [
    `${label}: ok: tenant mode: the Auth0 tenant answers as issuer ${env.issuer}, offers RS256 ID tokens and publishes ${keys.length} RSA signing key(s) (kid ${keys.join(', ')}).`,
    ...table([
      ['app (SPA)', env.appOrigin],
      ['API', env.apiUrl],
      ['Auth0 domain', env.domain],
      ['issuer', env.issuer],
      ['client id', env.clientId],
      ['audience', env.audience],
    ]),
    `${label}: not checked (only the Auth0 dashboard shows them): in Applications → Applications → your application → Settings,`,
    ...table([
      ['Application Type', 'Single Page Application'],
      ['Allowed Callback URLs', `${env.appOrigin}/callback`],
      ['Allowed Logout URLs', `${env.appOrigin}/`],
      ['Allowed Web Origins', env.appOrigin],
    ]),
    `${label}: and in Applications → APIs → your API: Identifier ${env.audience}, a permission read:messages (with RBAC on, also given to your users).`,
  ];
}

/**
 * Loads `.env` and runs the whole check, printing one line per finding on stderr. Exits with status 1 when there is
 * a problem; otherwise returns the settings.
 */
export async function configurationOrExit(label: string, options: CheckOptions = {}): Promise<QuickstartEnvironment> {
  try {
    loadDotenv();
  } catch (error) {
    console.error(`${label}: configuration error: could not read .env: ${(error as Error).message}`);
    process.exit(1);
  }
  const check = await checkConfiguration(process.env, options);
  for (const line of findingLines(label, check)) console.error(line);
  if (check.problems.length > 0 || !check.env) process.exit(1);
  if (check.warnings.some((finding) => finding.code === 'tenant-unreachable')) {
    console.error(`${label}: continuing without it: logging in will fail until the tenant can be reached.`);
  }
  return check.env;
}
