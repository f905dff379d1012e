/**
 * Remembering verified tokens must never extend what a token is worth: it stops at `exp`, it is bounded, and only
 * the exact token string hits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { VerifiedTokenCache, type VerifiedToken } from '../../src/api/auth/verified-token.cache';
import { ApiUnderTest } from './support/api-under-test';
import { TestIssuer } from './support/test-issuer';

let issuer: TestIssuer;
let api: ApiUnderTest;

before(async () => {
  issuer = await TestIssuer.start();
  api = await ApiUnderTest.start(issuer.issuer, { clockToleranceSeconds: 0 });
});

after(async () => {
  await api.close();
  await issuer.close();
});

describe('a remembered token', () => {
  it('is refused once it expires, though it was accepted (and remembered) before', async () => {
    // `exp` is in whole seconds: a 1 s token minted late in a second could expire before the first request, so it
    // gets 2 s, and the wait goes by the `exp` it actually carries.
    const token = await issuer.token({ expiresIn: 2 });
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number };
    assert.equal((await api.get('/api/private', token)).status, 200);
    assert.equal((await api.get('/api/private', token)).status, 200);
    await sleep(exp * 1000 - Date.now() + 20);
    const reply = await api.get('/api/private', token);
    assert.equal(reply.status, 401);
    assert.match(String(reply.json().error_description), /expired/);
  });

  it('keeps its scopes: the same token is still refused where it lacks one', async () => {
    const token = await issuer.token({ scope: 'write:messages' });
    assert.equal((await api.get('/api/private', token)).status, 200);
    assert.equal((await api.get('/api/private-scoped', token)).status, 403);
    assert.equal((await api.get('/api/private-scoped', token)).status, 403);
  });
});

describe('VerifiedTokenCache', () => {
  const entry = (kid: string): VerifiedToken => ({ claims: { payload: {}, scopes: new Set() }, kid, exp: 0 });

  it('holds at most its size, dropping the oldest first', () => {
    const cache = new VerifiedTokenCache(3);
    for (const token of ['a', 'b', 'c', 'd']) cache.set(token, entry(token));
    assert.equal(cache.size, 3);
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.get('d')?.kid, 'd');
  });

  it('with size 0 remembers nothing', () => {
    const cache = new VerifiedTokenCache(0);
    cache.set('a', entry('a'));
    assert.equal(cache.get('a'), undefined);
  });
});
