/**
 * `npm run check-config` and the check `npm start` runs first, as a user meets them: the real entry points in child
 * processes, their output and exit status, within a time limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePorts, startEntry, stop, waitForOutput } from '../support/processes';
import { closedPortUrl, FakeTenant, SilentServer, tenantVars } from './support/fake-tenant';

// Every variable the quickstart reads, blank, so a developer's own .env cannot change what these tests see.
const BLANK = Object.fromEntries(
  [
    'AUTH0_DOMAIN',
    'AUTH0_CLIENT_ID',
    'AUTH0_AUDIENCE',
    'AUTH0_ISSUER_BASE_URL',
    'APP_ORIGIN',
    'API_PORT',
    'API_URL',
    'AUTH_PORT',
    'DEMO_USER_EMAIL',
    'DEMO_USER_PASSWORD',
    'ACCESS_TOKEN_LIFETIME',
    'API_CLOCK_TOLERANCE_SECONDS',
    'API_REQUIRE_AT_JWT_TYP',
    'API_REQUIRE_TOKEN_SENDER_CONSTRAINING',
    'AUTH0_FLOW',
    'ALLOWED_CALLBACK_URLS',
    'ALLOWED_LOGOUT_URLS',
    'ALLOWED_WEB_ORIGINS',
  ].map((name) => [name, ''])
);

function checkConfig(env: Record<string, string>) {
  return startEntry('scripts/check-config.ts', { ...BLANK, ...env });
}

function lines(text: string): string[] {
  return text.trim().split('\n');
}

describe('npm run check-config', { timeout: 60_000 }, () => {
  let tenant: FakeTenant;
  before(async () => {
    tenant = await FakeTenant.start();
  });
  after(() => tenant.close());

  it('says ok for the local defaults, and lists where everything runs', async () => {
    const run = checkConfig({});
    assert.equal(await run.exited, 0, run.output());
    const output = run.output();
    assert.match(output, /^check-config: ok: local mode \(AUTH0_DOMAIN is not set\): .*local authorization server/);
    for (const url of ['http://localhost:3000', 'http://localhost:3001', 'http://localhost:4000/']) {
      assert.ok(output.includes(url), `${url} listed`);
    }
    assert.match(output, /demo user\s+demo@example\.com \/ demo-password/);
  });

  it('prints one line per problem with the fix, and exits 1', async () => {
    const run = checkConfig({ AUTH0_DOMAIN: 'dev-quickstart.us.auth0.com', API_PORT: 'abc' });
    assert.equal(await run.exited, 1);
    const printed = lines(run.output());
    assert.deepEqual(printed.length, 4, run.output());
    assert.match(printed[0] ?? '', /^check-config: configuration error: API_PORT must be a port number/);
    assert.match(
      printed[1] ?? '',
      /^check-config: configuration error: AUTH0_CLIENT_ID is required .* copy its Client ID\.$/
    );
    assert.match(printed[2] ?? '', /^check-config: configuration error: AUTH0_AUDIENCE is required .*Identifier\.$/);
    assert.equal(printed[3], 'check-config: 3 problems found; fix them and run npm run check-config again.');
    assert.doesNotMatch(run.output(), /\n\s+at /, 'no stack trace');
  });

  it("lists the local server's allowed URLs, and names a list with a bad value in one line", async () => {
    const ok = checkConfig({ ALLOWED_CALLBACK_URLS: 'http://localhost:3000/callback,http://localhost:5000' });
    assert.equal(await ok.exited, 0, ok.output());
    assert.match(ok.output(), /allowed callback URLs\s+http:\/\/localhost:3000\/callback, http:\/\/localhost:5000\n/);
    assert.match(ok.output(), /allowed logout URLs\s+http:\/\/localhost:3000, http:\/\/localhost:3000\/\n/);
    assert.match(ok.output(), /allowed web origins\s+http:\/\/localhost:3000\n/);

    const bad = checkConfig({ ALLOWED_WEB_ORIGINS: 'http://localhost:5000/app' });
    assert.equal(await bad.exited, 1);
    assert.deepEqual(lines(bad.output()), [
      'check-config: configuration error: ALLOWED_WEB_ORIGINS must list origins only (scheme, host and port, no path), got "http://localhost:5000/app".',
      'check-config: 1 problem found; fix it and run npm run check-config again.',
    ]);
  });

  it('says ok for a tenant that checks out, and lists the dashboard settings it cannot see', async () => {
    const run = checkConfig(tenantVars(tenant.issuer));
    assert.equal(await run.exited, 0, run.output());
    const output = run.output();
    assert.match(output, /^check-config: ok: tenant mode: the Auth0 tenant answers as issuer http:\/\/localhost:\d+\//);
    assert.match(output, /publishes 1 RSA signing key\(s\) \(kid test-key-1\)/);
    assert.match(output, /Allowed Callback URLs\s+http:\/\/localhost:3000\/callback/);
    assert.match(output, /Allowed Web Origins\s+http:\/\/localhost:3000/);
    assert.match(output, /read:messages/);
  });

  it('lists, for the default code flow, the dashboard settings its token endpoint and refresh tokens need', async () => {
    const run = checkConfig(tenantVars(tenant.issuer));
    assert.equal(await run.exited, 0, run.output());
    const output = run.output();
    assert.match(output, /offers RS256 ID tokens and PKCE with S256/);
    assert.match(output, /login flow\s+code \(Authorization Code with PKCE/);
    assert.match(output, /Allowed Web Origins\s+http:\/\/localhost:3000 \(the token endpoint's CORS\)/);
    assert.match(output, /Allowed Logout URLs\s+http:\/\/localhost:3000\/$/m);
    assert.match(output, /Refresh Token Rotation\s+Allow Refresh Token Rotation: on/);
    assert.match(output, /your API: Identifier https:\/\/quickstarts\/api, Allow Offline Access on/);
    assert.doesNotMatch(output, /Implicit/);
  });

  it('lists, for AUTH0_FLOW=implicit, the web origin checkSession needs and the implicit grant', async () => {
    const run = checkConfig(tenantVars(tenant.issuer, { AUTH0_FLOW: 'implicit' }));
    assert.equal(await run.exited, 0, run.output());
    const output = run.output();
    assert.match(output, /login flow\s+implicit/);
    assert.match(output, /Allowed Web Origins\s+http:\/\/localhost:3000 \(checkSession's silent renewal\)/);
    assert.match(output, /Grant Types\s+Implicit/);
    assert.doesNotMatch(output, /Refresh Token Rotation|Offline Access/);
  });

  it('names AUTH0_FLOW and its two values when it holds anything else', async () => {
    const run = checkConfig({ AUTH0_FLOW: 'pkce' });
    assert.equal(await run.exited, 1);
    assert.deepEqual(lines(run.output()), [
      'check-config: configuration error: AUTH0_FLOW must be code (Authorization Code with PKCE, the default) or implicit (the original tutorial\'s flow), got "pkce".',
      'check-config: 1 problem found; fix it and run npm run check-config again.',
    ]);
  });

  it('reports a tenant that never answers as a timeout, within a bounded time', async () => {
    const silent = await SilentServer.start();
    try {
      const started = Date.now();
      const run = checkConfig(tenantVars(silent.url));
      assert.equal(await run.exited, 1);
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 8_000, `took ${elapsed} ms`);
      const printed = lines(run.output());
      assert.equal(printed.length, 2, run.output());
      assert.match(
        printed[0] ?? '',
        /^check-config: error: could not reach the Auth0 tenant .* within 5 s \(timeout\)/
      );
      assert.equal(printed[1], 'check-config: 1 problem found; fix it and run npm run check-config again.');
    } finally {
      await silent.close();
    }
  });
});

describe('npm start runs the same check first', { timeout: 60_000 }, () => {
  it('refuses a tenant that answers wrongly, starting nothing', async () => {
    const tenant = await FakeTenant.start();
    tenant.discovery.issuer = 'https://login.example.com/';
    try {
      const run = startEntry('scripts/start.ts', { ...BLANK, ...tenantVars(tenant.issuer) });
      assert.equal(await run.exited, 1);
      const printed = lines(run.output());
      assert.equal(printed.length, 1, run.output());
      assert.match(
        printed[0] ?? '',
        /^start: configuration error: the tenant names its issuer "https:\/\/login\.example\.com\/"/
      );
    } finally {
      await tenant.close();
    }
  });

  it('only warns about a tenant out of reach, and starts anyway', async () => {
    const [appPort, apiPort] = await freePorts(2);
    const run = startEntry('scripts/start.ts', {
      ...BLANK,
      ...tenantVars(await closedPortUrl()),
      APP_ORIGIN: `http://localhost:${appPort}`,
      API_PORT: String(apiPort),
    });
    try {
      await waitForOutput(run, /\[api\] api: ready/, 30_000);
      const output = run.output();
      assert.match(output, /^start: warning: could not reach the Auth0 tenant .*refused \(ECONNREFUSED\)/);
      assert.match(output, /^start: continuing without it: logging in will fail until the tenant can be reached\.$/m);
    } finally {
      await stop(run);
    }
  });
});
