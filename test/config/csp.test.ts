import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy } from '../../src/config/csp';
import { loadEnvironment } from '../../src/config/environment';

/** The policy as a map from directive to its sources. */
function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy.split('; ').map((directive) => {
      const [name, ...sources] = directive.split(' ');
      return [name, sources];
    })
  );
}

describe('the SPA Content-Security-Policy', () => {
  const local = loadEnvironment({});
  const tenantVars = {
    AUTH0_DOMAIN: 'dev-quickstart.eu.auth0.com',
    AUTH0_CLIENT_ID: 'abc',
    AUTH0_AUDIENCE: 'https://quickstart/api',
    API_URL: 'https://api.example.com/v1',
  };
  const tenant = loadEnvironment(tenantVars);

  it('allows script and style from the app itself only: no inline code, no eval', () => {
    const policy = parse(contentSecurityPolicy(local));
    assert.deepEqual(policy.get('script-src'), ["'self'"]);
    assert.deepEqual(policy.get('style-src'), ["'self'"]);
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.deepEqual(policy.get('object-src'), ["'none'"]);
  });

  it('lets the app call the API and the local authorization server (its token and revocation endpoints)', () => {
    for (const flow of ['code', 'implicit']) {
      const policy = parse(contentSecurityPolicy(loadEnvironment({ AUTH0_FLOW: flow })));
      assert.deepEqual(policy.get('connect-src'), ["'self'", 'http://localhost:3001', 'http://localhost:4000'], flow);
    }
  });

  it('frames nothing in the code flow, which renews with a refresh token, not an iframe', () => {
    assert.equal(local.flow, 'code');
    assert.deepEqual(parse(contentSecurityPolicy(local)).get('frame-src'), ["'none'"]);
    assert.deepEqual(parse(contentSecurityPolicy(tenant)).get('frame-src'), ["'none'"]);
  });

  it("frames only the authorization server in the implicit flow, for checkSession's hidden iframe", () => {
    const implicit = loadEnvironment({ AUTH0_FLOW: 'implicit' });
    assert.deepEqual(parse(contentSecurityPolicy(implicit)).get('frame-src'), ['http://localhost:4000']);
    const implicitTenant = loadEnvironment({ ...tenantVars, AUTH0_FLOW: 'implicit' });
    assert.deepEqual(parse(contentSecurityPolicy(implicitTenant)).get('frame-src'), [
      'https://dev-quickstart.eu.auth0.com',
    ]);
  });

  it('names a tenant by its https origin and the API by its origin, not its path', () => {
    const policy = parse(contentSecurityPolicy(tenant));
    assert.deepEqual(policy.get('connect-src'), [
      "'self'",
      'https://api.example.com',
      'https://dev-quickstart.eu.auth0.com',
    ]);
  });

  it('adds the live-reload WebSocket for the dev server only', () => {
    assert.ok(!contentSecurityPolicy(local).includes('ws:'));
    const policy = parse(contentSecurityPolicy(local, { liveReload: true }));
    assert.ok(policy.get('connect-src')?.includes('ws://localhost:3000'));
  });

  it('forbids framing in the header, and leaves that out of a <meta> policy, where browsers ignore it', () => {
    assert.deepEqual(parse(contentSecurityPolicy(local)).get('frame-ancestors'), ["'none'"]);
    const meta = parse(contentSecurityPolicy(local, { delivery: 'meta' }));
    assert.equal(meta.has('frame-ancestors'), false);
    assert.deepEqual(meta.get('script-src'), ["'self'"]);
  });
});
