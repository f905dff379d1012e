/**
 * A short load test on loopback, bounded in count and time: concurrent valid and invalid requests all get exactly
 * the answer they should, with no connection errors and no 5xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiUnderTest } from './support/api-under-test';
import { makeKey, TestIssuer } from './support/test-issuer';

const REQUESTS = 3_000;
const CONCURRENCY = 50;

let issuer: TestIssuer;
let api: ApiUnderTest;

before(async () => {
  issuer = await TestIssuer.start();
  api = await ApiUnderTest.start(issuer.issuer);
});

after(async () => {
  await api.close();
  await issuer.close();
});

interface Call {
  path: string;
  token?: string;
  expected: number;
}

describe('under concurrent load', () => {
  it(
    `${REQUESTS} mixed requests, ${CONCURRENCY} at a time, each answered as expected`,
    { timeout: 30_000 },
    async (t) => {
      const users = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          issuer.token({ scope: i % 2 ? 'read:messages' : 'profile', claims: { sub: `u${i}` } })
        )
      );
      const stranger = await makeKey('key-1');
      const bad = [
        'invalidToken',
        await issuer.token({ expiresIn: -600 }),
        await issuer.token({ key: stranger }),
        await issuer.token({ claims: { aud: 'angularjs-quickstart' } }),
      ];
      const calls: Call[] = Array.from({ length: REQUESTS }, (_, i): Call => {
        const user = users[i % users.length] as string;
        const reads = (i % users.length) % 2 === 1;
        switch (i % 5) {
          case 0:
            return { path: '/api/public', expected: 200 };
          case 1:
            return { path: '/api/private', token: user, expected: 200 };
          case 2:
            return { path: '/api/private-scoped', token: user, expected: reads ? 200 : 403 };
          case 3:
            return { path: '/api/private', token: bad[i % bad.length], expected: 401 };
          default:
            return { path: '/api/private-scoped', expected: 401 };
        }
      });

      const mismatches: string[] = [];
      let next = 0;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < calls.length) {
            const call = calls[next++] as Call;
            const reply = await api.get(call.path, call.token);
            if (reply.status !== call.expected)
              mismatches.push(`${call.path}: ${reply.status} instead of ${call.expected}`);
          }
        })
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      t.diagnostic(`${REQUESTS} requests in ${seconds.toFixed(2)} s (${Math.round(REQUESTS / seconds)} req/s)`);
      assert.deepEqual(mismatches.slice(0, 10), []);
      assert.deepEqual(
        api.logs.filter((line) => line.includes('unexpected')),
        []
      );
    }
  );
});
