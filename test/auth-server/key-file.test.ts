import assert from 'node:assert/strict';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jwtVerify } from 'jose';
import { KeyFileError, loadOrCreateKeys } from '../../src/auth-server/key-file';
import { startAuthServer, temporaryKeyDir, signingKeys } from './support/auth-server-under-test';
import { callbackParams, logIn, TestBrowser } from './support/browser';

describe('the signing key', { timeout: 30_000 }, () => {
  let keyDir: string;
  before(async () => {
    keyDir = await temporaryKeyDir();
  });
  after(() => rm(keyDir, { recursive: true, force: true }));

  it('is made on first start, kept private (mode 600), and reused by the next start', async () => {
    const keyFile = join(keyDir, 'nested', 'signing-key.json');
    const first = await startAuthServer({ keyFile, flow: 'implicit' }, { keyDir });
    const accessToken = callbackParams(await logIn(new TestBrowser(first), first)).get('access_token') ?? '';
    await first.close();

    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    assert.equal((await stat(join(keyDir, 'nested'))).mode & 0o077, 0, 'the folder is private too');

    const second = await startAuthServer({ keyFile }, { keyDir });
    try {
      assert.equal(second.keyId, first.keyId);
      // A token issued before the restart still verifies against the new instance's JWKS: the API keeps working.
      const jwks = signingKeys(second);
      await jwtVerify(accessToken, jwks, { audience: first.config.audience });
    } finally {
      await second.close();
    }
  });

  it('holds an RS256 private key with a kid and cookie keys', async () => {
    const keys = await loadOrCreateKeys(join(keyDir, 'shape.json'));
    assert.equal(keys.signingKey.kty, 'RSA');
    assert.equal(keys.signingKey.alg, 'RS256');
    assert.equal(typeof keys.signingKey.kid, 'string');
    assert.equal(typeof keys.signingKey.d, 'string');
    assert.ok(keys.cookieKeys.length > 0);
    const onDisk = JSON.parse(await readFile(join(keyDir, 'shape.json'), 'utf8')) as typeof keys;
    assert.deepEqual(onDisk, keys);
  });

  for (const [label, content] of [
    ['not JSON', 'garbage'],
    ['JSON of the wrong shape', '{"signingKey": {"kty": "oct"}}'],
    [
      'an RSA key whose numbers are not a key',
      JSON.stringify({
        signingKey: {
          kty: 'RSA',
          alg: 'RS256',
          kid: 'k',
          n: 'AQ',
          e: 'AQ',
          d: 'AQ',
          p: 'AQ',
          q: 'AQ',
          dp: 'AQ',
          dq: 'AQ',
          qi: 'AQ',
        },
        cookieKeys: ['x'.repeat(43)],
      }),
    ],
  ]) {
    it(`refuses a key file holding ${label}, in one line that names the file to delete`, async () => {
      const keyFile = join(keyDir, `corrupt-${label.replace(/\W+/g, '-')}.json`);
      await writeFile(keyFile, content);
      await assert.rejects(loadOrCreateKeys(keyFile), (error: Error) => {
        assert.ok(error instanceof KeyFileError);
        assert.ok(error.message.includes(keyFile));
        assert.match(error.message, /delete it/);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
      assert.equal(await readFile(keyFile, 'utf8'), content, 'the file is left for the user to inspect');
    });
  }
});
