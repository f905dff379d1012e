/**
 * `npm run check-config` and the check `npm start` runs first, as a user meets them: the real entry points in child
 * processes, their output and exit status, within a time limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KNOWN_VARIABLES } from '../../src/config/environment';
import { freePorts, startEntry, stop, waitForOutput } from '../support/processes';
import { closedPortUrl, FakeTenant, SilentServer, tenantVars } from './support/fake-tenant';

// Every variable the quickstart reads, blank, so a developer's own .env cannot change what these tests see.
const BLANK = Object.fromEntries(KNOWN_VARIABLES.map((name) => [name, '']));

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

  it("refuses a tenant's values under a misspelt AUTH0_DOMAIN, and names the variable meant", async () => {
    const run = checkConfig({
      AUTH0_DOMIAN: 'dev-quickstart.us.auth0.com',
      AUTH0_CLIENT_ID: 'PKXy9nN3CcRpcSKpKeSfyA3z8WPkVxSF',
      AUTH0_AUDIENCE: 'https://quickstarts/api',
    });
    assert.equal(await run.exited, 1);
    assert.deepEqual(lines(run.output()), [
      `check-config: configuration error: AUTH0_CLIENT_ID holds an Auth0 Client ID ("PKXy9nN3CcRpcSKpKeSfyA3z8WPkVxSF"), but AUTH0_DOMAIN is not set, so the local authorization server would run instead of your tenant: set AUTH0_DOMAIN to your tenant's domain (in the Auth0 dashboard open Applications → Applications → your application → Settings and copy its Domain), or remove it to use the local server.`,
      'check-config: warning: AUTH0_DOMIAN (in the environment) is not a variable this quickstart reads, so it is ignored: did you mean AUTH0_DOMAIN?',
      'check-config: 1 problem found; fix it and run npm run check-config again.',
    ]);
  });

  it('warns about AUTHO_FLOW (the letter O), which changes nothing, naming AUTH0_FLOW', async () => {
    const run = checkConfig({ AUTHO_FLOW: 'implicit' });
    assert.equal(await run.exited, 0, run.output());
    assert.match(
      run.output(),
      /^check-config: warning: AUTHO_FLOW \(in the environment\) is not a variable this quickstart reads, so it is ignored: did you mean AUTH0_FLOW\?$/m
    );
    assert.match(run.output(), /login flow +code /, 'the flow it would have changed is still the default');
  });

  it('says whether DPoP is on, and refuses it with the implicit flow in one line', async () => {
    const on = checkConfig({ AUTH0_DPOP: 'true' });
    assert.equal(await on.exited, 0, on.output());
    assert.match(on.output(), /\n {2}DPoP +on \(AUTH0_DPOP=true\)/);
    const implicit = checkConfig({ AUTH0_DPOP: 'true', AUTH0_FLOW: 'implicit' });
    assert.equal(await implicit.exited, 1);
    assert.deepEqual(lines(implicit.output()), [
      'check-config: configuration error: AUTH0_DPOP=true needs the code flow, but AUTH0_FLOW is implicit (its tokens come from the authorization endpoint, where no DPoP proof can be sent): set AUTH0_FLOW=code, or AUTH0_DPOP=false.',
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
      assert.match(
        printed[0] ?? '',
        /^check-config: error: could not reach the Auth0 tenant .* within 5 s \(timeout\)/
      );
      assert.equal(printed.at(-1), 'check-config: 1 problem found; fix it and run npm run check-config again.');
      assert.equal(printed.filter((line) => line.startsWith('check-config: error')).length, 1, run.output());
    } finally {
      await silent.close();
    }
  });

  it('offline, says what it checked (the variables) and what it could not (discovery, keys, the dashboard)', async () => {
    const issuer = await closedPortUrl();
    const run = checkConfig(tenantVars(issuer));
    assert.equal(await run.exited, 1);
    const output = run.output();
    const printed = lines(output);
    assert.match(printed[0] ?? '', /^check-config: error: could not reach the Auth0 tenant .*refused \(ECONNREFUSED\)/);
    // What was checked, with the values it gave.
    assert.equal(printed[1], 'check-config: checked: the variables, which give these settings:');
    assert.match(output, /\n {2}Auth0 domain +dev-quickstart\.us\.auth0\.com\n/);
    assert.match(output, /\n {2}client id +k5Qx0Zb1Example0ClientId0123456789\n/);
    assert.match(output, /\n {2}login flow +code /);
    // What could not be: the tenant's two documents, and the dashboard settings the online summary lists.
    assert.ok(
      printed.includes(
        `check-config: not checked, since the tenant could not be reached: its discovery document (that it names the issuer ${issuer} and offers RS256 ID tokens, PKCE with S256 and a token endpoint) and its signing keys (a usable RSA key in its JWKS).`
      ),
      output
    );
    assert.match(output, /^check-config: never checked from here \(only the Auth0 dashboard shows them\): /m);
    assert.match(output, /\n {2}Allowed Callback URLs +http:\/\/localhost:3000\/callback\n/);
    assert.match(output, /\n {2}Refresh Token Rotation +Allow Refresh Token Rotation: on\n/);
    assert.match(
      output,
      /^check-config: and in Applications → APIs → your API: Identifier https:\/\/quickstarts\/api/m
    );
    assert.equal(printed.at(-1), 'check-config: 1 problem found; fix it and run npm run check-config again.');
  });

  it('with only the keys out of reach, counts the discovery document among what it checked', async () => {
    tenant.discovery.jwks_uri = `${await closedPortUrl()}.well-known/jwks.json`;
    try {
      const run = checkConfig(tenantVars(tenant.issuer));
      assert.equal(await run.exited, 1);
      const printed = lines(run.output());
      assert.match(
        printed[0] ?? '',
        /^check-config: error: could not reach the Auth0 tenant for its signing keys \(JWKS\)/
      );
      assert.ok(
        printed.includes(
          "check-config: checked: the variables, which give these settings, and the tenant's discovery document (its issuer and what it offers; any problem there is told above):"
        ),
        run.output()
      );
      assert.ok(
        printed.includes(
          'check-config: not checked, since the tenant could not be reached: its signing keys (a usable RSA key in its JWKS).'
        ),
        run.output()
      );
    } finally {
      tenant.reset();
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
      // What it checked and what it could not, before going on.
      assert.match(output, /^start: checked: the variables, which give these settings:$/m);
      assert.match(
        output,
        /^start: not checked, since the tenant could not be reached: its discovery document .* and its signing keys /m
      );
      assert.match(output, /^start: never checked from here \(only the Auth0 dashboard shows them\): /m);
      assert.match(output, /^start: continuing without it: logging in will fail until the tenant can be reached\.$/m);
    } finally {
      await stop(run);
    }
  });
});
