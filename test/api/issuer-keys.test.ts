/**
 * The issuer's keys as the API uses them (express-oauth2-jwt-bearer fetches and caches them; src/api/auth/
 * issuer-outage.ts tells an outage from a bad token): cached, re-fetched for an unknown kid at a limited rate,
 * rotated without a restart, refreshed past their max age, and an issuer that fails, hangs or was never reachable
 * gets its tokens a 503 with Retry-After, never a 401, while tokens whose key is cached keep passing. A failing
 * issuer is asked at most once per cooldown, however many tokens arrive, and only the requests that needed it get 503.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Request, RequestHandler, Response } from 'express';
import { InvalidTokenError } from 'express-oauth2-jwt-bearer';
import { answerOutageWith503, IssuerFetches } from '../../src/api/auth/issuer-outage';
import { IssuerUnavailableError } from '../../src/api/errors/api.errors';
import { ApiUnderTest, type ConfigOverrides, type Reply } from './support/api-under-test';
import { makeKey, TestIssuer } from './support/test-issuer';

const opened: { close(): Promise<void> }[] = [];

async function setUp(overrides: ConfigOverrides = {}): Promise<{ issuer: TestIssuer; api: ApiUnderTest }> {
  const issuer = await TestIssuer.start();
  const api = await ApiUnderTest.start(issuer.issuer, overrides);
  opened.push(api, issuer);
  return { issuer, api };
}

afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

async function statusesFor(api: ApiUnderTest, tokens: string[]): Promise<number[]> {
  return Promise.all(tokens.map(async (token) => (await api.get('/api/private', token)).status));
}

/** A token signed by the issuer's key, with one signature byte changed. */
function forge(token: string): string {
  const at = token.lastIndexOf('.') + 10;
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
}

/** What the API answers when it could not judge the token: 503, Retry-After, and no invitation to log in again. */
function assertNotJudged(reply: Reply, retryAfter = /^[1-9]\d*$/): void {
  assert.equal(reply.status, 503, reply.body);
  assert.match(String(reply.headers['retry-after']), retryAfter);
  assert.equal(reply.headers['www-authenticate'], undefined);
  assert.equal(reply.json().error, 'temporarily_unavailable');
  assert.match(String(reply.json().error_description), /cannot check access tokens right now/);
}

describe('the key set', () => {
  it('is fetched once and reused, also by concurrent first requests', async () => {
    const { issuer, api } = await setUp();
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => issuer.token({ claims: { jti: `t${i}` } })));
    assert.deepEqual(await statusesFor(api, tokens), Array(20).fill(200));
    assert.deepEqual(await statusesFor(api, tokens), Array(20).fill(200));
    assert.equal(issuer.jwksRequests, 1);
  });

  it('is re-fetched once for a flood of unknown kids, then not again within the cooldown', async () => {
    const { issuer, api } = await setUp({ keySet: { cooldownMs: 3_000 } });
    const forged = () =>
      Promise.all(Array.from({ length: 100 }, () => issuer.token({ header: { kid: randomUUID() } })));
    const [first, second] = await Promise.all([forged(), forged()]);
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    await sleep(3_050);
    assert.deepEqual(await statusesFor(api, first), Array(100).fill(401));
    assert.equal(issuer.jwksRequests, 2);
    assert.deepEqual(await statusesFor(api, second), Array(100).fill(401));
    assert.equal(issuer.jwksRequests, 2);
  });
});

describe('key rotation', () => {
  it('is picked up without a restart, and a retired key stops working', async () => {
    const { issuer, api } = await setUp({ keySet: { cooldownMs: 200 } });
    const oldToken = await issuer.token();
    assert.equal((await api.get('/api/private', oldToken)).status, 200);

    const next = await makeKey('key-2');
    issuer.published = [issuer.key, next];
    await sleep(250);
    assert.equal((await api.get('/api/private', await issuer.token({ key: next }))).status, 200);
    assert.equal((await api.get('/api/private', oldToken)).status, 200, 'both keys are published during the overlap');

    issuer.published = [next];
    const newest = await makeKey('key-3');
    await sleep(250);
    // A token signed by a key the API has not seen makes it fetch the set, which no longer lists key-1.
    assert.equal((await api.get('/api/private', await issuer.token({ key: newest }))).status, 401);
    const refused = await api.get('/api/private', oldToken);
    assert.equal(refused.status, 401);
    assert.equal(refused.json().error, 'invalid_token');
    assert.equal((await api.get('/api/private', await issuer.token({ key: next }))).status, 200);
  });

  it('past its max age the set is fetched again, so a key the issuer withdrew stops working', async () => {
    // Long enough for the second request to come before the max age on a busy machine.
    const { issuer, api } = await setUp({ keySet: { maxAgeMs: 2_000, cooldownMs: 100 } });
    const token = await issuer.token();
    assert.equal((await api.get('/api/private', token)).status, 200);
    issuer.published = [await makeKey('key-2')];
    assert.equal((await api.get('/api/private', token)).status, 200, 'the set is not stale yet');
    await sleep(2_050);
    assert.equal((await api.get('/api/private', token)).status, 401);
  });
});

describe('when the issuer is down', () => {
  it('tokens signed with a cached key still pass; past the max age, or for an unknown kid, 503', async () => {
    const { issuer, api } = await setUp({ keySet: { maxAgeMs: 1_500, cooldownMs: 100 } });
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    issuer.mode = 'failing';
    await sleep(150);
    assert.equal((await api.get('/api/private', await issuer.token({ claims: { jti: 'fresh' } }))).status, 200);
    // The issuer might have rotated that key in: with the issuer out of reach, the API cannot tell.
    assertNotJudged(await api.get('/api/private', await issuer.token({ key: await makeKey('key-9') })));
    await sleep(1_400);
    assertNotJudged(await api.get('/api/private', await issuer.token()));
    assert.deepEqual(api.logs, [
      `api: the issuer cannot be reached (${issuer.jwksUri} answered HTTP 503): tokens get 503 meanwhile`,
    ]);
  });

  it('a bad token whose key is cached is still a 401', async () => {
    const { issuer, api } = await setUp();
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    issuer.mode = 'failing';
    assert.equal((await api.get('/api/private', await issuer.token({ expiresIn: -60 }))).status, 401);
  });

  it('a hanging issuer costs at most the fetch timeout, then 503', async () => {
    const { issuer, api } = await setUp({ keySet: { timeoutMs: 300 } });
    issuer.mode = 'hanging';
    const started = Date.now();
    assertNotJudged(await api.get('/api/private', await issuer.token()));
    assert.ok(Date.now() - started < 2_000);
    assert.match(api.logs[0] as string, /^api: the issuer cannot be reached \(.* did not answer in time\)/);
  });

  it('an API that started without keys answers 503, and recovers by itself when the issuer comes back', async () => {
    const { issuer, api } = await setUp({ keySet: { cooldownMs: 2_000 } });
    issuer.mode = 'failing';
    const token = await issuer.token();
    const refused = await api.get('/api/private', token);
    assertNotJudged(refused, /^2$/);
    assert.equal((await api.get('/api/public')).status, 200, 'what needs no token still answers');
    issuer.mode = 'up';
    // The issuer is asked again when Retry-After said, not before.
    assertNotJudged(await api.get('/api/private', token));
    await sleep(Number(refused.headers['retry-after']) * 1000);
    assert.equal((await api.get('/api/private', token)).status, 200);
    assert.equal(api.logs.at(-1), 'api: the issuer answers again');
  });

  it('a token the set does not list is not judged while the issuer is unreachable, then judged once it is back', async () => {
    const { issuer, api } = await setUp({ keySet: { cooldownMs: 200 } });
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    const rotatedIn = await makeKey('key-2');
    issuer.published = [issuer.key, rotatedIn];
    issuer.mode = 'failing';
    await sleep(250);
    const token = await issuer.token({ key: rotatedIn });
    assertNotJudged(await api.get('/api/private', token));
    issuer.mode = 'up';
    await sleep(250);
    assert.equal((await api.get('/api/private', token)).status, 200);
    const forged = await api.get('/api/private', await issuer.token({ key: await makeKey('key-9') }));
    assert.equal(forged.status, 401, 'with the issuer reachable, a kid it does not publish is a bad token');
  });

  it('an issuer that refuses connections is an outage too', async () => {
    const { issuer } = await setUp();
    const token = await issuer.token();
    await issuer.close();
    const api = await ApiUnderTest.start(issuer.issuer);
    opened.push(api);
    assertNotJudged(await api.get('/api/private', token));
    assert.match(api.logs[0] as string, /ECONNREFUSED/);
  });
});

describe('a failing issuer', () => {
  it('is asked at most once per cooldown, whatever the number of unknown kids; then once more', async () => {
    const cooldownMs = 1_500;
    const { issuer, api } = await setUp({ keySet: { cooldownMs } });
    const known = await issuer.token();
    assert.equal((await api.get('/api/private', known)).status, 200);
    const unknownKids = () =>
      Promise.all(Array.from({ length: 200 }, () => issuer.token({ header: { kid: randomUUID() } })));
    const [sequential, parallel, later] = await Promise.all([unknownKids(), unknownKids(), unknownKids()]);
    issuer.mode = 'failing';
    // Past the library's own cooldown after its last successful fetch, so an unknown kid makes it fetch again.
    await sleep(cooldownMs + 50);
    const fetchesBefore = issuer.jwksRequests;
    const started = performance.now();

    for (const token of sequential.slice(0, 30)) assertNotJudged(await api.get('/api/private', token));
    for (const reply of await Promise.all(parallel.map((token) => api.get('/api/private', token)))) {
      assertNotJudged(reply);
      assert.ok(Number(reply.headers['retry-after']) <= cooldownMs / 1000 + 1, String(reply.headers['retry-after']));
    }
    const fetches = issuer.jwksRequests - fetchesBefore;
    // One fetch for the 230 requests; one more only if they took longer than a cooldown on a busy machine.
    assert.ok(
      fetches >= 1 && fetches <= 1 + Math.floor((performance.now() - started) / cooldownMs),
      `${fetches} fetches`
    );
    assert.equal((await api.get('/api/private', known)).status, 200, 'a token whose key is cached still passes');

    await sleep(cooldownMs + 50);
    const again = issuer.jwksRequests;
    for (const reply of await Promise.all(later.slice(0, 50).map((token) => api.get('/api/private', token)))) {
      assertNotJudged(reply);
    }
    assert.equal(issuer.jwksRequests - again, 1, 'once the cooldown has passed, one request is let through');
  });

  it('during an outage, a forged or expired token with a cached key is still a 401; only unknown kids get 503', async () => {
    const { issuer, api } = await setUp({ keySet: { cooldownMs: 200 } });
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    const rounds = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => ({
        forged: forge(await issuer.token({ claims: { jti: `f${i}` } })),
        expired: await issuer.token({ expiresIn: -60, claims: { jti: `e${i}` } }),
        unknown: await issuer.token({ header: { kid: randomUUID() } }),
      }))
    );
    issuer.mode = 'failing';
    await sleep(250);
    const outcomes = await Promise.all(
      rounds.flatMap((round, i) =>
        [round.forged, round.expired, round.unknown].map(async (token, kind) => {
          // Spread over several cooldowns, so the issuer is asked, and fails, while the others are being checked.
          await sleep((i % 8) * 60);
          return { kind, status: (await api.get('/api/private', token)).status };
        })
      )
    );
    const statuses = (kind: number) => outcomes.filter((o) => o.kind === kind).map((o) => o.status);
    assert.deepEqual(statuses(0), Array(40).fill(401), 'forged signatures');
    assert.deepEqual(statuses(1), Array(40).fill(401), 'expired tokens');
    assert.deepEqual(statuses(2), Array(40).fill(503), 'unknown kids');
    assert.ok(issuer.jwksRequests >= 2, 'the issuer was asked, and failed, while they were checked');
  });

  it('that is silent costs a request one fetch timeout: the API asks it once, then answers 503', async () => {
    const timeoutMs = 1_000;
    const { issuer, api } = await setUp({ keySet: { timeoutMs } });
    issuer.mode = 'hanging';
    const started = performance.now();
    assertNotJudged(await api.get('/api/private', await issuer.token()));
    const waited = performance.now() - started;
    assert.equal(issuer.requests, 1, 'one request to the issuer, not one per discovery URL');
    assert.ok(waited < 2 * timeoutMs, `waited ${Math.round(waited)} ms`);
    // Within the cooldown the next token is not held at all: the issuer is not asked.
    assertNotJudged(await api.get('/api/private', await issuer.token()));
    assert.equal(issuer.requests, 1);
  });
});

describe('the outage check on its own (src/api/auth/issuer-outage.ts)', () => {
  it("judges again a refusal during which another request's fetch failed: its own verdict stands", async () => {
    const failing = createServer((_req, res) => res.writeHead(500).end());
    await new Promise<void>((resolve) => failing.listen(0, 'localhost', resolve));
    try {
      const issuer = `http://localhost:${(failing.address() as AddressInfo).port}/`;
      let fetches = new IssuerFetches(issuer, 60_000, () => undefined);
      /** A key-set fetch through the library's agent; resolves with the message the library would pass on. */
      const fetchKeys = () =>
        new Promise<string>((resolve) => {
          const request = get(`${issuer}.well-known/jwks.json`, { agent: fetches.agent }, (response) => {
            response.resume();
            resolve(`answered ${response.statusCode}`);
          });
          request.on('error', (error) => resolve(error.message));
        });
      const outcome = (check: RequestHandler) =>
        new Promise<unknown>((resolve) => answerOutageWith503(check, fetches)({} as Request, {} as Response, resolve));

      // A forged token is refused while another request's fetch fails, as happens under load.
      let first = true;
      const forged: RequestHandler = (_req, _res, next) => {
        const meanwhile = first ? fetchKeys() : Promise.resolve('');
        first = false;
        void meanwhile.then(() => next(new InvalidTokenError('signature verification failed')));
      };
      const verdict = await outcome(forged);
      assert.ok(verdict instanceof InvalidTokenError, String(verdict));
      assert.equal(verdict.message, 'signature verification failed');

      // A token whose own lookup fails: judged again, its lookup is not even sent, and the answer is 503.
      fetches = new IssuerFetches(issuer, 60_000, () => undefined);
      const needsKeys: RequestHandler = (_req, _res, next) =>
        void fetchKeys().then((message) => next(new InvalidTokenError(message)));
      assert.ok((await outcome(needsKeys)) instanceof IssuerUnavailableError);
    } finally {
      failing.closeAllConnections();
      await new Promise((resolve) => failing.close(resolve));
    }
  });
});
