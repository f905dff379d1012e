/**
 * The tenant part of the configuration check, against a fake tenant on a loopback port: what a user is told when the
 * tenant is fine, when it answers wrongly, and when it cannot be reached (in bounded time).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { checkConfiguration, type ConfigurationCheck } from '../../src/config/configuration-check';
import { closedPortUrl, FakeTenant, rsaJwk, SilentServer, tenantVars } from './support/fake-tenant';

function summary(check: ConfigurationCheck): string {
  return [...check.problems, ...check.warnings].map((finding) => `${finding.code}: ${finding.message}`).join('\n');
}

describe('checkConfiguration against a tenant', { timeout: 30_000 }, () => {
  let tenant: FakeTenant;
  const goodKey = rsaJwk('good-key');

  before(async () => {
    tenant = await FakeTenant.start([goodKey]);
  });
  // Every test starts from a well-configured tenant and spoils one thing.
  beforeEach(() => tenant.reset());
  after(() => tenant.close());

  it('passes a tenant that names the configured issuer, offers RS256 and publishes an RSA key', async () => {
    const check = await checkConfiguration(tenantVars(tenant.issuer));
    assert.equal(summary(check), '');
    assert.deepEqual(check.tenant, {
      issuer: tenant.issuer,
      jwksUri: `${tenant.issuer}.well-known/jwks.json`,
      signingKeyIds: ['good-key'],
    });
  });

  it('reports an issuer mismatch with the issuer to set', async () => {
    tenant.discovery.issuer = 'https://login.example.com/';
    const check = await checkConfiguration(tenantVars(tenant.issuer));
    assert.deepEqual(
      check.problems.map((finding) => finding.code),
      ['issuer-mismatch']
    );
    const message = check.problems[0]?.message ?? '';
    assert.match(
      message,
      /names its issuer "https:\/\/login\.example\.com\/" but the quickstart expects "http:\/\/localhost:\d+\/"/
    );
    assert.match(message, /set AUTH0_ISSUER_BASE_URL=https:\/\/login\.example\.com\/ .*custom domain/);
  });

  it('reports a tenant that offers only HS256, naming the dashboard setting', async () => {
    tenant.discovery.id_token_signing_alg_values_supported = ['HS256'];
    const check = await checkConfiguration(tenantVars(tenant.issuer));
    assert.deepEqual(
      check.problems.map((finding) => finding.code),
      ['no-rs256']
    );
    assert.match(check.problems[0]?.message ?? '', /it lists: HS256\)/);
    assert.match(check.problems[0]?.message ?? '', /JSON Web Token \(JWT\) Signature Algorithm to RS256/);
  });

  it('checks what the default code flow needs: PKCE with S256 and a token endpoint, naming the fix', async () => {
    tenant.discovery.code_challenge_methods_supported = ['plain'];
    delete tenant.discovery.token_endpoint;
    const check = await checkConfiguration(tenantVars(tenant.issuer));
    assert.deepEqual(
      check.problems.map((finding) => finding.code),
      ['no-pkce-s256', 'no-token-endpoint']
    );
    const [pkce, token] = check.problems.map((finding) => finding.message);
    assert.match(pkce ?? '', /does not offer PKCE with S256 \(code_challenge_methods_supported lists: plain\)/);
    assert.match(token ?? '', /names no token_endpoint/);
    for (const message of [pkce, token]) assert.match(message ?? '', /AUTH0_DOMAIN .* or set AUTH0_FLOW=implicit/);

    delete tenant.discovery.code_challenge_methods_supported;
    const none = await checkConfiguration(tenantVars(tenant.issuer));
    assert.match(none.problems[0]?.message ?? '', /lists: none\)/);
  });

  it('does not ask for PKCE or a token endpoint in the implicit flow', async () => {
    delete tenant.discovery.code_challenge_methods_supported;
    delete tenant.discovery.token_endpoint;
    const check = await checkConfiguration(tenantVars(tenant.issuer, { AUTH0_FLOW: 'implicit' }));
    assert.equal(summary(check), '');
  });

  it('reports an empty JWKS, naming the dashboard page', async () => {
    tenant.jwks = { keys: [] };
    const check = await checkConfiguration(tenantVars(tenant.issuer));
    assert.deepEqual(
      check.problems.map((finding) => finding.code),
      ['no-signing-key']
    );
    assert.match(check.problems[0]?.message ?? '', /holds no RSA signing key with a "kid" \(0 key\(s\) in all\)/);
    assert.match(check.problems[0]?.message ?? '', /Settings → Signing Keys/);
  });

  it('counts only RSA signing keys with a kid, of at least 2048 bits, usable for RS256', async () => {
    const withoutKid = { ...rsaJwk(), kid: undefined };
    tenant.jwks = {
      keys: [
        withoutKid,
        rsaJwk('small', 1024),
        { ...rsaJwk('encryption'), use: 'enc' },
        { ...rsaJwk('ps256'), alg: 'PS256' },
        { kty: 'EC', kid: 'ec', crv: 'P-256', x: 'AA', y: 'AA' },
        { kty: 'RSA', kid: 'broken', n: 'AQAB', e: 'AQAB' },
      ],
    };
    const check = await checkConfiguration(tenantVars(tenant.issuer));
    assert.deepEqual(
      check.problems.map((finding) => finding.code),
      ['no-signing-key']
    );
    tenant.jwks = { keys: [...(tenant.jwks.keys as unknown[]), goodKey] };
    const fixed = await checkConfiguration(tenantVars(tenant.issuer));
    assert.equal(summary(fixed), '');
    assert.deepEqual(fixed.tenant?.signingKeyIds, ['good-key']);
  });

  it('reports every problem of one tenant at once', async () => {
    tenant.discovery.issuer = 'https://login.example.com/';
    tenant.discovery.id_token_signing_alg_values_supported = ['HS256'];
    tenant.jwks = { keys: [] };
    const check = await checkConfiguration(tenantVars(tenant.issuer));
    assert.deepEqual(
      check.problems.map((finding) => finding.code),
      ['issuer-mismatch', 'no-rs256', 'no-signing-key']
    );
  });

  it('reports a discovery document that is missing, not JSON, redirected or without an issuer', async () => {
    const cases: [string, (res: import('node:http').ServerResponse) => void, RegExp][] = [
      ['404', (res) => res.writeHead(404).end(), /answered HTTP 404/],
      [
        'HTML',
        (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'),
        /did not answer JSON/,
      ],
      [
        'redirect',
        (res) => res.writeHead(302, { location: 'https://elsewhere.example/' }).end(),
        /redirect \(HTTP 302 to https:\/\/elsewhere\.example\/\)/,
      ],
      ['no issuer', (res) => res.writeHead(200).end('{"jwks_uri":"x"}'), /has no "issuer"/],
    ];
    for (const [name, answer, reason] of cases) {
      tenant.override = (_req, res) => answer(res);
      const check = await checkConfiguration(tenantVars(tenant.issuer));
      assert.deepEqual(
        check.problems.map((finding) => finding.code),
        ['discovery-invalid'],
        name
      );
      assert.match(check.problems[0]?.message ?? '', reason, name);
      assert.match(check.problems[0]?.message ?? '', /Check AUTH0_DOMAIN \(dev-quickstart\.us\.auth0\.com\)/, name);
    }
  });

  it('refuses a jwks_uri over plain http to another host, without fetching it', async () => {
    tenant.discovery.jwks_uri = 'http://keys.example.com/jwks.json';
    const before = tenant.requests.length;
    const check = await checkConfiguration(tenantVars(tenant.issuer));
    assert.deepEqual(
      check.problems.map((finding) => finding.code),
      ['discovery-invalid']
    );
    assert.match(
      check.problems[0]?.message ?? '',
      /"jwks_uri" is "http:\/\/keys\.example\.com\/jwks\.json", not an https URL/
    );
    assert.deepEqual(tenant.requests.slice(before), ['/.well-known/openid-configuration']);
  });

  it('warns when the keys are published somewhere the API does not look', async () => {
    tenant.discovery.jwks_uri = `${tenant.issuer}keys`;
    tenant.override = (req, res) => {
      if (req.url === '/keys') return void res.writeHead(200).end(JSON.stringify(tenant.jwks));
      res.writeHead(200).end(JSON.stringify(tenant.discovery));
    };
    const check = await checkConfiguration(tenantVars(tenant.issuer));
    assert.deepEqual(check.problems, []);
    assert.deepEqual(
      check.warnings.map((finding) => finding.code),
      ['jwks-elsewhere']
    );
  });

  it('treats a 503 from the tenant as out of reach, not as a wrong setting', async () => {
    tenant.override = (_req, res) => res.writeHead(503).end();
    const check = await checkConfiguration(tenantVars(tenant.issuer));
    assert.deepEqual(
      check.problems.map((finding) => finding.code),
      ['tenant-unreachable']
    );
    assert.match(check.problems[0]?.message ?? '', /answered HTTP 503/);
  });
});

describe('checkConfiguration with a tenant out of reach', { timeout: 30_000 }, () => {
  it('says the connection was refused, at once', async () => {
    const issuer = await closedPortUrl();
    const started = Date.now();
    const check = await checkConfiguration(tenantVars(issuer));
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(
      check.problems.map((finding) => finding.code),
      ['tenant-unreachable']
    );
    assert.match(check.problems[0]?.message ?? '', /^could not reach the Auth0 tenant for its discovery document: /);
    assert.match(check.problems[0]?.message ?? '', /refused \(ECONNREFUSED\)/);
  });

  // The 5 s default is what `npm run check-config` is timed with in check-config.test.ts.
  it('gives up on a tenant that never answers at the time limit, and says it timed out', async () => {
    const silent = await SilentServer.start();
    try {
      const started = Date.now();
      const check = await checkConfiguration(tenantVars(silent.url), { timeoutMs: 1_000 });
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 900 && elapsed < 3_000, `took ${elapsed} ms`);
      assert.deepEqual(
        check.problems.map((finding) => finding.code),
        ['tenant-unreachable']
      );
      assert.match(check.problems[0]?.message ?? '', /no answer from localhost:\d+ within 1 s \(timeout\)/);
    } finally {
      await silent.close();
    }
  });

  it('bounds the JWKS request too', async () => {
    const silent = await SilentServer.start();
    const tenant = await FakeTenant.start();
    tenant.discovery.jwks_uri = `${silent.url}.well-known/jwks.json`;
    try {
      const started = Date.now();
      const check = await checkConfiguration(tenantVars(tenant.issuer), { timeoutMs: 500 });
      assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
      assert.match(check.problems.at(-1)?.message ?? '', /for its signing keys \(JWKS\): no answer .* within 0\.5 s/);
    } finally {
      await Promise.all([silent.close(), tenant.close()]);
    }
  });

  it('says a DNS lookup failed, and which host', async () => {
    const dnsFailure = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND dev-quickstart.us.auth0.com'), { code: 'ENOTFOUND' }),
    });
    const check = await checkConfiguration(
      { ...tenantVars(''), AUTH0_ISSUER_BASE_URL: '' },
      { fetch: () => Promise.reject(dnsFailure) }
    );
    assert.match(
      check.problems[0]?.message ?? '',
      /DNS lookup of dev-quickstart\.us\.auth0\.com failed \(ENOTFOUND\): no such host name, or you are offline/
    );
  });

  it('says when no DNS server answers at all, as when offline', async () => {
    const offline = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }),
    });
    const check = await checkConfiguration(
      { ...tenantVars(''), AUTH0_ISSUER_BASE_URL: '' },
      { fetch: () => Promise.reject(offline) }
    );
    assert.match(
      check.problems[0]?.message ?? '',
      /\(EAI_AGAIN\): no DNS server answered, which usually means you are offline/
    );
  });

  it('makes an unreachable tenant a warning when asked to (as npm start does)', async () => {
    const check = await checkConfiguration(tenantVars(await closedPortUrl()), { unreachable: 'warning' });
    assert.deepEqual(check.problems, []);
    assert.deepEqual(
      check.warnings.map((finding) => finding.code),
      ['tenant-unreachable']
    );
  });

  it('keeps a tenant that answers wrongly fatal even then', async () => {
    const tenant = await FakeTenant.start([]);
    try {
      const check = await checkConfiguration(tenantVars(tenant.issuer), { unreachable: 'warning' });
      assert.deepEqual(
        check.problems.map((finding) => finding.code),
        ['no-signing-key']
      );
    } finally {
      await tenant.close();
    }
  });
});
