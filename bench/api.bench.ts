/**
 * `npm run bench:api`: what verifying a token costs the API, next to what the signature check alone costs, and
 * what that does to throughput.
 *
 * 1. Per-request verification of one RS256 access token, measured side by side in the same process and run:
 *    node's `crypto.verify` with a cached KeyObject (the floor), the API's verifier as a request sees it (the token
 *    was seen before, so it is remembered until it expires), and the API's verifier on a token it has never seen
 *    (every check, in full, through jose). Target: per request at most 1.5 x crypto.verify.
 * 2. Throughput of `GET /api/private` against `GET /api/public` with autocannon on loopback, against the real entry
 *    point (src/api/main.ts) in its own process, rounds alternating. Target: at least 0.8.
 *
 * Prints the figures and exits 1 when a target is missed. BENCH_SECONDS sets the length of a throughput round (5).
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '../src/api/auth/access-token.verifier';
import { createSigningKeyStore } from '../src/api/auth/signing-key.store';

const AUDIENCE = 'urn:quickstart:api';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const ROUNDS = 7;
const MAIN = fileURLToPath(new URL('../src/api/main.ts', import.meta.url));

// --- an issuer: one key, its JWKS on loopback, one access token shaped like the local server's -----------------

const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
const jwksServer = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
});
await new Promise<void>((resolve) => jwksServer.listen(0, 'localhost', resolve));
const issuer = `http://localhost:${(jwksServer.address() as AddressInfo).port}/`;
const token = await new SignJWT({ scope: 'openid profile read:messages', azp: 'angularjs-quickstart' })
  .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'at+jwt' })
  .setIssuer(issuer)
  .setSubject('auth0|bench')
  .setAudience([AUDIENCE, `${issuer}userinfo`])
  .setIssuedAt()
  .setExpirationTime('2h')
  .sign(privateKey);

// --- 1. verification cost ------------------------------------------------------------------------------------

function verifierWith(cacheSize: number): AccessTokenVerifier {
  const keys = createSigningKeyStore({
    jwksUri: `${issuer}.well-known/jwks.json`,
    maxAgeMs: 600_000,
    cooldownMs: 10_000,
    timeoutMs: 5_000,
    log: (line) => console.error(line),
  });
  return createAccessTokenVerifier({
    issuer,
    audience: AUDIENCE,
    clockToleranceSeconds: 5,
    requireAtJwtTyp: false,
    cacheSize,
    keys,
  });
}

const keyObject = createPublicKey({ key: jwk, format: 'jwk' });
function cryptoVerify(): boolean {
  // What any verifier must do at least: split the token, decode the signature, check it.
  const dot = token.lastIndexOf('.');
  return verify(
    'RSA-SHA256',
    Buffer.from(token.slice(0, dot)),
    keyObject,
    Buffer.from(token.slice(dot + 1), 'base64url')
  );
}

async function microsecondsPer(iterations: number, run: () => unknown): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await run();
  return Number(process.hrtime.bigint() - started) / iterations / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const perRequest = verifierWith(10_000);
const firstSight = verifierWith(0);
if (!cryptoVerify()) throw new Error('crypto.verify refused the benchmark token');
await perRequest.verify(token);
await firstSight.verify(token);

// Each request brings its own copy of the token string, whose hash V8 has not computed yet: no flattering reuse.
const PER_REQUEST_ITERATIONS = 20_000;
const copies = Array.from({ length: PER_REQUEST_ITERATIONS }, () => Buffer.from(token, 'latin1').toString('latin1'));
let copy = 0;
const samples = { crypto: [] as number[], perRequest: [] as number[], firstSight: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  samples.crypto.push(await microsecondsPer(2_000, cryptoVerify));
  copy = 0;
  samples.perRequest.push(
    await microsecondsPer(PER_REQUEST_ITERATIONS, () => perRequest.verify(copies[copy++] as string))
  );
  samples.firstSight.push(await microsecondsPer(1_000, () => firstSight.verify(token)));
}
const floor = median(samples.crypto);
const verifyRatio = median(samples.perRequest) / floor;

// --- 2. throughput -------------------------------------------------------------------------------------------

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, 'localhost', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const port = await freePort();
const cwd = mkdtempSync(join(tmpdir(), 'api-bench-'));
const api = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), MAIN], {
  cwd,
  env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', API_PORT: String(port), AUTH0_ISSUER_BASE_URL: issuer },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  let out = '';
  api.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('ready on')) resolve();
  });
  api.on('exit', (code) => reject(new Error(`the API exited (${code}) before it was ready`)));
});

interface Round {
  rate: number;
  failures: number;
  p99: number;
}

async function load(path: string, seconds: number): Promise<Round> {
  const result = await autocannon({
    url: `http://localhost:${port}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  return { rate: result['2xx'] / result.duration, failures: result.errors + result.non2xx, p99: result.latency.p99 };
}

// Rounds come in pairs, the order alternating, and the ratio is the median of the pairs' ratios: on a shared
// machine the load drifts between rounds, and a pair run back to back sees about the same conditions.
const PAIRS = 5;
const publicRounds: Round[] = [];
const privateRounds: Round[] = [];
try {
  await load('/api/public', 1);
  await load('/api/private', 1);
  for (let pair = 0; pair < PAIRS; pair++) {
    if (pair % 2 === 0) {
      publicRounds.push(await load('/api/public', SECONDS));
      privateRounds.push(await load('/api/private', SECONDS));
    } else {
      privateRounds.push(await load('/api/private', SECONDS));
      publicRounds.push(await load('/api/public', SECONDS));
    }
  }
} finally {
  api.kill('SIGTERM');
  jwksServer.close();
  rmSync(cwd, { recursive: true, force: true });
}
const throughputRatio = median(privateRounds.map((round, i) => round.rate / (publicRounds[i] as Round).rate));
const failures = [...publicRounds, ...privateRounds].reduce((sum, round) => sum + round.failures, 0);

// --- report --------------------------------------------------------------------------------------------------

const us = (value: number) => `${value.toFixed(1).padStart(7)} µs`;
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const verifyOk = verifyRatio <= 1.5;
const throughputOk = throughputRatio >= 0.8 && failures === 0;
console.log(`API benchmark: node ${process.version}, ${availableParallelism()} CPUs, RS256 2048-bit`);
console.log(`Token verification, one access token, median of ${ROUNDS} rounds:`);
console.log(`  crypto.verify, cached KeyObject          ${us(floor)}`);
console.log(
  `  API verifier, per request                ${us(median(samples.perRequest))}   ` +
    `ratio ${verifyRatio.toFixed(2)} (target <= 1.5: ${verdict(verifyOk)})`
);
console.log(
  `  API verifier, first sight of a token     ${us(median(samples.firstSight))}   ` +
    `ratio ${(median(samples.firstSight) / floor).toFixed(2)} (every check in full, once per token)`
);
console.log(`Throughput on loopback, autocannon, ${CONNECTIONS} connections, ${PAIRS} pairs of ${SECONDS} s rounds:`);
for (const [label, rounds] of [
  ['GET /api/public ', publicRounds],
  ['GET /api/private', privateRounds],
] as const) {
  const rate = Math.round(median(rounds.map((round) => round.rate)));
  const p99 = Math.max(...rounds.map((round) => round.p99));
  console.log(`  ${label}  ${rate.toString().padStart(7)} req/s (median round)   worst p99 ${p99} ms`);
}
console.log(
  `  private / public ratio ${throughputRatio.toFixed(2)}, median of the pairs ` +
    `(target >= 0.8: ${verdict(throughputOk)}); failed requests: ${failures}`
);
process.exitCode = verifyOk && throughputOk ? 0 : 1;
