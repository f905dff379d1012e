/**
 * Fuzz: 10,000 mutations of a valid token (flipped characters and bits, swapped, duplicated and missing segments,
 * altered headers and claims, re-signed forgeries, truncations, random strings of random lengths). None may be
 * accepted but the same token spelled differently (jose, like Node's base64url decoder, skips characters outside the
 * alphabet and ignores a signature's spare bits: the signed bytes and the signature are then the original's), and
 * none may cause a 5xx or a crash.
 *
 * Seeded: FUZZ_SEED=<n> replays a run; a failure names its seed and case number.
 */
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { ApiUnderTest } from './support/api-under-test';
import { hmacWith } from './support/compact';
import { SeededRandom } from './support/seeded-random';
import { b64url, TestIssuer } from './support/test-issuer';

const CASES = 10_000;
const CONCURRENCY = 16;
const SEED = Number(process.env.FUZZ_SEED ?? 20_251_123);
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const TOKEN_CHARS = `${B64URL}.~+/=`;
// Printable ASCII: what an HTTP header value can carry.
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

let issuer: TestIssuer;
let attacker: TestIssuer;
let api: ApiUnderTest;
let valid: string;
let forgeries: string[];
let hmacSecret: string;

type Json = Record<string, unknown>;

const HEADER_CHANGES: ((header: Json) => unknown)[] = [
  (h) => ({ ...h, alg: 'none' }),
  (h) => ({ ...h, alg: 'HS256' }),
  (h) => ({ ...h, alg: 'RS384' }),
  (h) => ({ ...h, alg: 'PS256' }),
  (h) => ({ ...h, alg: 'ES256' }),
  (h) => ({ ...h, alg: 'rs256' }),
  (h) => ({ ...h, alg: '' }),
  (h) => ({ ...h, alg: null }),
  (h) => ({ ...h, alg: ['RS256'] }),
  (h) => ({ ...h, alg: undefined }),
  (h) => ({ ...h, kid: undefined }),
  (h) => ({ ...h, kid: '' }),
  (h) => ({ ...h, kid: 42 }),
  (h) => ({ ...h, kid: { $ne: null } }),
  (h) => ({ ...h, kid: '../../.well-known/jwks.json' }),
  (h) => ({ ...h, kid: 'k'.repeat(2000) }),
  (h) => ({ ...h, typ: 'JWT' }),
  (h) => ({ ...h, typ: 42 }),
  (h) => ({ ...h, crit: ['exp'] }),
  (h) => ({ ...h, crit: ['b64'], b64: false }),
  (h) => ({ ...h, crit: [] }),
  (h) => ({ ...h, jku: 'http://localhost:1/jwks.json' }),
  (h) => ({ ...h, x5u: 'http://localhost:1/cert.pem' }),
  (h) => ({ ...h, jwk: { kty: 'oct', k: 'c2VjcmV0' } }),
  (h) => ({ ...h, zip: 'DEF' }),
  (h) => ({ ...h, enc: 'A256GCM' }),
  () => [],
  () => null,
  () => 'RS256',
  () => 1,
  () => ({}),
];

const CLAIM_CHANGES: ((payload: Json, issuerUrl: string) => unknown)[] = [
  (p) => ({ ...p, scope: 'read:messages write:messages admin' }),
  (p) => ({ ...p, iss: 'http://localhost:4000/' }),
  (p, iss) => ({ ...p, iss: iss.slice(0, -1) }),
  (p) => ({ ...p, iss: undefined }),
  (p) => ({ ...p, iss: ['x'] }),
  (p) => ({ ...p, aud: 'angularjs-quickstart' }),
  (p) => ({ ...p, aud: undefined }),
  (p) => ({ ...p, aud: [] }),
  (p) => ({ ...p, aud: {} }),
  (p) => ({ ...p, exp: undefined }),
  (p) => ({ ...p, exp: 1 }),
  (p) => ({ ...p, exp: -1 }),
  (p) => ({ ...p, exp: '9999999999' }),
  (p) => ({ ...p, exp: 1e308 }),
  (p) => ({ ...p, exp: null }),
  (p) => ({ ...p, nbf: 9_999_999_999 }),
  (p) => ({ ...p, nbf: 'now' }),
  (p) => ({ ...p, iat: 'then' }),
  (p) => ({ ...p, sub: undefined }),
  () => [],
  () => 'payload',
  () => null,
  () => ({}),
];

function withSegments(token: string, change: (segments: string[]) => string[]): string {
  return change(token.split('.')).join('.');
}

function encodeJson(value: unknown): string {
  return b64url(JSON.stringify(value) ?? 'undefined');
}

function decodeJson(segment: string): Json {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Json;
}

/** One mutation of the valid token, chosen and shaped by the generator. */
function mutate(random: SeededRandom, token: string): string {
  const [header = '', payload = '', signature = ''] = token.split('.');
  switch (random.int(12)) {
    case 0: {
      // Replace 1 to 4 characters anywhere with other base64url characters.
      const chars = [...token];
      for (let n = 1 + random.int(4); n > 0; n--) {
        const at = random.int(chars.length);
        let next = random.pick([...B64URL]);
        while (next === chars[at]) next = random.pick([...B64URL]);
        chars[at] = next;
      }
      return chars.join('');
    }
    case 1: {
      // Flip one bit of the decoded bytes of one segment.
      const which = random.int(3);
      return withSegments(token, (segments) => {
        const bytes = Buffer.from(segments[which] as string, 'base64url');
        const at = random.int(bytes.length);
        bytes[at] = (bytes[at] as number) ^ (1 << random.int(8));
        segments[which] = bytes.toString('base64url');
        return segments;
      });
    }
    case 2: {
      const layouts = [
        [payload, header, signature],
        [header, signature, payload],
        [signature, payload, header],
        [header, header, signature],
        [payload, payload, signature],
        [header, payload],
        [header, signature],
        [payload],
        [header, payload, signature, signature],
        [header, payload, signature, ''],
        [header, '', signature],
        ['', payload, signature],
        [header, payload, ''],
        [header, payload, signature, header, payload],
      ];
      return random.pick(layouts).join('.');
    }
    case 3: {
      const changed = random.pick(HEADER_CHANGES)(decodeJson(header));
      return `${encodeJson(changed)}.${payload}.${signature}`;
    }
    case 4: {
      const changed = random.pick(CLAIM_CHANGES)(decodeJson(payload), issuer.issuer);
      return `${header}.${encodeJson(changed)}.${signature}`;
    }
    case 5: {
      // The classic forgeries: alg none, or HMAC keyed with the issuer's public key, over changed claims.
      const claims = random.pick(CLAIM_CHANGES)(decodeJson(payload), issuer.issuer);
      const alg = random.pick(['none', 'HS256', 'RS256']);
      const input = `${encodeJson({ ...decodeJson(header), alg })}.${encodeJson(claims)}`;
      return `${input}.${alg === 'none' ? random.pick(['', signature]) : hmacWith(hmacSecret)(input)}`;
    }
    case 6:
      return random.pick(forgeries);
    case 7:
      return token.slice(0, random.int(token.length));
    case 8:
      return token + random.string(1 + random.int(40), TOKEN_CHARS);
    case 9: {
      const length = random.next() < 0.05 ? 8_000 + random.int(4_000) : random.int(3_000);
      return random.string(length, random.next() < 0.5 ? TOKEN_CHARS : PRINTABLE).trim();
    }
    case 10: {
      // Change the case of one letter.
      const at = random.int(token.length);
      const char = token[at] as string;
      const other = char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase();
      return token.slice(0, at) + other + token.slice(at + 1);
    }
    default: {
      // Insert a character that does not belong.
      const at = random.int(token.length);
      return token.slice(0, at) + random.pick([' ', '.', '=', '+', '/', '~', '%', '"', ',', '\\']) + token.slice(at);
    }
  }
}

before(async () => {
  [issuer, attacker] = await Promise.all([TestIssuer.start(), TestIssuer.start()]);
  // At most one JWKS fetch per cooldown: a long one keeps "left the issuer alone" true on a slow, busy machine too.
  api = await ApiUnderTest.start(issuer.issuer, { keySet: { cooldownMs: 300_000 } });
  valid = await issuer.token({ scope: 'read:messages' });
  hmacSecret = createPublicKey({ key: issuer.key.publicJwk, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
  // Well-formed RS256 tokens with the issuer's kid and claims, signed by someone else's key.
  forgeries = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      new SignJWT({ ...issuer.baseClaims('read:messages'), exp: Math.floor(Date.now() / 1000) + 600, jti: `f${i}` })
        .setProtectedHeader({ alg: 'RS256', kid: issuer.key.kid, typ: 'at+jwt' })
        .sign(attacker.key.privateKey)
    )
  );
});

after(async () => {
  await api.close();
  await Promise.all([issuer.close(), attacker.close()]);
});

/** Whether a token carries exactly the valid token's signed bytes and signature, however its signature is spelled. */
function sameSignedToken(token: string): boolean {
  const [header, payload, signature, ...rest] = token.split('.');
  const [validHeader, validPayload, validSignature] = valid.split('.');
  return (
    rest.length === 0 &&
    header === validHeader &&
    payload === validPayload &&
    Buffer.from(signature ?? '', 'base64url').equals(Buffer.from(validSignature ?? '', 'base64url'))
  );
}

describe(`fuzz (seed ${SEED})`, () => {
  it(`refuses ${CASES} mutated tokens with 400/401 JSON, never 403 or 5xx, and 2xx only for the same token`, async () => {
    assert.equal((await api.get('/api/private-scoped', valid)).status, 200, 'the unmutated token is accepted');
    const random = new SeededRandom(SEED);
    const tokens: string[] = [];
    while (tokens.length < CASES) {
      const token = mutate(random, valid);
      // Spaces around the token are header syntax (RFC 9110 allows 1*SP after the scheme), not a different token.
      if (token.trim() !== valid) tokens.push(token);
    }
    const tally = new Map<number, number>();
    let nextCase = 0;
    const worker = async () => {
      while (nextCase < tokens.length) {
        const index = nextCase++;
        const token = tokens[index] as string;
        const reply = await api.send('/api/private-scoped', { headers: [['authorization', `Bearer ${token}`]] });
        const where = `seed ${SEED}, case ${index}: ${JSON.stringify(token.slice(0, 200))}`;
        const expected = sameSignedToken(token) ? [200, 400, 401] : [400, 401];
        assert.ok(expected.includes(reply.status), `${where} got ${reply.status} ${reply.body}`);
        assert.ok(reply.status === 200 || typeof reply.json().error === 'string', where);
        tally.set(reply.status, (tally.get(reply.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    assert.equal(
      [...tally.values()].reduce((a, b) => a + b, 0),
      CASES
    );
    // Still up and still right, having logged nothing unexpected, and having left the issuer alone.
    assert.equal((await api.get('/api/private-scoped', valid)).status, 200);
    assert.deepEqual(
      api.logs.filter((line) => line.includes('unexpected')),
      []
    );
    assert.ok(issuer.jwksRequests <= 2, `${issuer.jwksRequests} JWKS fetches`);
  });
});
