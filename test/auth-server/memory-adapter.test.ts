import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryAdapter } from '../../src/auth-server/memory.adapter';

describe('in-memory storage of sessions and grants', () => {
  it('forgets an entry once its lifetime has passed', async () => {
    let now = 1_000_000;
    const sessions = createMemoryAdapter(() => now)('Session');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'demo-user' }, 10);
    assert.equal((await sessions.find('s1'))?.accountId, 'demo-user');
    assert.equal((await sessions.findByUid('u1'))?.accountId, 'demo-user');
    now += 11_000;
    assert.equal(await sessions.find('s1'), undefined);
    assert.equal(await sessions.findByUid('u1'), undefined);
  });

  it('keeps models and server instances apart', async () => {
    const first = createMemoryAdapter();
    const second = createMemoryAdapter();
    await first('Session').upsert('same-id', { accountId: 'demo-user' });
    assert.equal(await first('Interaction').find('same-id'), undefined);
    assert.equal(await second('Session').find('same-id'), undefined);
  });

  it("revokes every token of a grant, and only that grant's", async () => {
    const storage = createMemoryAdapter();
    const accessTokens = storage('AccessToken');
    await accessTokens.upsert('a', { grantId: 'g1' }, 60);
    await accessTokens.upsert('b', { grantId: 'g1' }, 60);
    await accessTokens.upsert('c', { grantId: 'g2' }, 60);
    await accessTokens.revokeByGrantId('g1');
    assert.equal(await accessTokens.find('a'), undefined);
    assert.equal(await accessTokens.find('b'), undefined);
    assert.ok(await accessTokens.find('c'));
  });

  it('marks a consumed entry and destroys on request', async () => {
    const codes = createMemoryAdapter()('AuthorizationCode');
    await codes.upsert('x', { grantId: 'g' }, 60);
    await codes.consume('x');
    assert.equal(typeof (await codes.find('x'))?.consumed, 'number');
    await codes.destroy('x');
    assert.equal(await codes.find('x'), undefined);
  });
});
