/**
 * `npm run bench:api`: what verifying a token costs the API, next to what the signature check alone costs, and
 * what that does to throughput.
 *
 * 1. Per-request verification of one RS256 access token, measured side by side in the same process and run:
 *    node's `crypto.verify` with a cached KeyObject (the floor), the API's verifier as a request sees it (the token
 *    was seen before, so it is remembered until it expires), and the API's verifier on a token it has never seen
 *    (every check, in full, through jose). Target: per request at most 1.5 x crypto.verify.
 * 2. Throughput with autocannon on loopback of `GET /api/public` and `GET /api/private` on two stacks, each in its
 *    own process, on the same issuer and the same token: this project's API (its real entry point, src/api/main.ts)
 *    and the reference, the API as Auth0's current samples write it (bench/reference-api: express 5, helmet, CORS,
 *    express-oauth2-jwt-bearer). Every round runs the four routes once, the order rotating from round to round, so
 *    all four see the same machine load; each ratio is the median of the rounds' ratios. Targets: our private route
 *    at least 0.8 x our public one, and at least 1.5 x the reference's private route, with our full security headers.
 *
 * Prints the figures and exits 1 when a target is missed. BENCH_SECONDS sets the length of a throughput round (5).
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '../src/api/auth/access-token.verifier';
import { createJwksKeyStore } from '../src/api/auth/jwks.key-store';

const AUDIENCE = 'urn:quickstart:api';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const ROUNDS = 7;
const MAIN = fileURLToPath(new URL('../src/api/api.main.ts', import.meta.url));
const REFERENCE_MAIN = fileURLToPath(new URL('./reference-api/main.ts', import.meta.url));
/** The SPA's origin, for both stacks' CORS (no request here sends an Origin). */
const APP_ORIGIN = 'http://localhost:3000';

// --- an issuer: one key, its JWKS on loopback, one access token shaped like the local server's -----------------

const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
// The issuer's discovery document too: the reference, as Auth0's samples do, is given the issuer's base URL only.
const jwksServer = createServer((req, res) => {
  const body = req.url?.startsWith('/.well-known/openid-configuration')
    ? { issuer, jwks_uri: `${issuer}.well-known/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] }
    : { keys: [jwk] };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
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
  const keys = createJwksKeyStore({
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

interface Stack {
  name: 'ours' | 'reference';
  port: number;
  process: ChildProcess;
}

async function startStack(name: Stack['name'], entry: string, env: Record<string, string>, port: number) {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), entry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', APP_ORIGIN, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stack: Stack = { name, port, process: child };
  stacks.push(stack);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready on')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`${name}: the API exited (${code}) before it was ready`)));
  });
  return stack;
}

interface Round {
  rate: number;
  failures: number;
  p99: number;
}

async function load(stack: Stack, path: string, seconds: number): Promise<Round> {
  const result = await autocannon({
    url: `http://localhost:${stack.port}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  return { rate: result['2xx'] / result.duration, failures: result.errors + result.non2xx, p99: result.latency.p99 };
}

/** The response headers that protect a browser, as each stack sends them on GET /api/private. */
const SECURITY_HEADERS = [
  'content-security-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'referrer-policy',
  'cache-control',
];
async function securityHeaders(stack: Stack): Promise<string[]> {
  const answer = await fetch(`http://localhost:${stack.port}/api/private`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (answer.status !== 200) throw new Error(`${stack.name}: GET /api/private answered ${answer.status}`);
  return SECURITY_HEADERS.filter((name) => answer.headers.has(name));
}

const ROUTES = ['/api/public', '/api/private'] as const;
type Route = (typeof ROUTES)[number];
const THROUGHPUT_ROUNDS = 5;
const cwd = mkdtempSync(join(tmpdir(), 'api-bench-'));
const stacks: Stack[] = [];
const rounds = new Map<string, Round[]>();
const key = (stack: Stack['name'], route: Route) => `${stack} ${route}`;
let headers: Record<Stack['name'], string[]> = { ours: [], reference: [] };
try {
  const [ourPort, referencePort] = [await freePort(), await freePort()];
  const ours = await startStack('ours', MAIN, { API_PORT: String(ourPort), AUTH0_ISSUER_BASE_URL: issuer }, ourPort);
  const reference = await startStack(
    'reference',
    REFERENCE_MAIN,
    { REFERENCE_API_PORT: String(referencePort), ISSUER_BASE_URL: issuer, AUTH0_AUDIENCE: AUDIENCE },
    referencePort
  );
  headers = { ours: await securityHeaders(ours), reference: await securityHeaders(reference) };
  const runs = [ours, reference].flatMap((stack) => ROUTES.map((route) => ({ stack, route })));
  for (const run of runs) await load(run.stack, run.route, 1);
  for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
    const order = [...runs.slice(round % runs.length), ...runs.slice(0, round % runs.length)];
    for (const { stack, route } of order) {
      const measured = await load(stack, route, SECONDS);
      rounds.set(key(stack.name, route), [...(rounds.get(key(stack.name, route)) ?? []), measured]);
    }
  }
} finally {
  for (const stack of stacks) stack.process.kill('SIGTERM');
  jwksServer.close();
  rmSync(cwd, { recursive: true, force: true });
}
const roundsOf = (stack: Stack['name'], route: Route) => rounds.get(key(stack, route)) as Round[];
const ratioOf = (a: Round[], b: Round[]) => median(a.map((round, i) => round.rate / (b[i] as Round).rate));
const privateToPublic = ratioOf(roundsOf('ours', '/api/private'), roundsOf('ours', '/api/public'));
const oursToReference = {
  public: ratioOf(roundsOf('ours', '/api/public'), roundsOf('reference', '/api/public')),
  private: ratioOf(roundsOf('ours', '/api/private'), roundsOf('reference', '/api/private')),
};
const failures = [...rounds.values()].flat().reduce((sum, round) => sum + round.failures, 0);
const missingHeaders = headers.reference.filter((name) => !headers.ours.includes(name));

// --- report --------------------------------------------------------------------------------------------------

const us = (value: number) => `${value.toFixed(1).padStart(7)} µs`;
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const verifyOk = verifyRatio <= 1.5;
const throughputOk = privateToPublic >= 0.8 && failures === 0;
const referenceOk = oursToReference.private >= 1.5 && failures === 0 && missingHeaders.length === 0;
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
console.log(
  `Throughput on loopback, autocannon, ${CONNECTIONS} connections, ${THROUGHPUT_ROUNDS} rounds of ${SECONDS} s per route, ` +
    'the order rotating:'
);
for (const stack of ['ours', 'reference'] as const) {
  for (const route of ROUTES) {
    const measured = roundsOf(stack, route);
    const rate = Math.round(median(measured.map((round) => round.rate)));
    const p99 = Math.max(...measured.map((round) => round.p99));
    console.log(
      `  ${stack.padEnd(9)}  GET ${route.padEnd(12)}  ${rate.toString().padStart(7)} req/s (median round)   worst p99 ${p99} ms`
    );
  }
}
console.log(
  `  private / public ratio ${privateToPublic.toFixed(2)}, ours, median of the rounds ` +
    `(target >= 0.8: ${verdict(throughputOk)}); failed requests: ${failures}`
);
console.log(`  ours / reference, GET /api/public  ratio ${oursToReference.public.toFixed(2)}, median of the rounds`);
console.log(
  `  ours / reference, GET /api/private ratio ${oursToReference.private.toFixed(2)}, median of the rounds ` +
    `(target >= 1.5: ${verdict(referenceOk)})`
);
console.log(`  security headers, ours:      ${headers.ours.join(', ')}`);
console.log(
  `  security headers, reference: ${headers.reference.join(', ')}` +
    (missingHeaders.length > 0 ? ` (ours lacks ${missingHeaders.join(', ')})` : '')
);
process.exitCode = verifyOk && throughputOk && referenceOk ? 0 : 1;
