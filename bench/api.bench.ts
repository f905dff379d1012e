/**
 * `npm run bench:api`: this project's API beside the reference stack, in the same run, on the same issuer and token.
 *
 * The reference (bench/reference-api) is the API as Auth0's current samples write it: express 5, helmet, CORS and
 * express-oauth2-jwt-bearer. Ours is that stack plus its error answers, the refusal of tokens in the URL and the
 * outage watch, so the goal is that those cost nothing measurable: GET /api/public and GET /api/private at no less
 * than 0.95 x the reference's. Each stack runs its real entry point in its own process; autocannon loads one route
 * at a time, the order rotating from round to round so all four see the same machine load, and each ratio is the
 * median of the rounds' ratios.
 *
 * Reported beside them, without a goal: what the token check costs a request, read off our own two routes (1/private
 * - 1/public, the server being one thread), against `crypto.verify` of the same token with a cached key (the floor
 * any verifier pays), measured in this process in the same run.
 *
 * Prints the figures and exits 1 when a goal is missed. BENCH_SECONDS sets the length of a throughput round (5).
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const AUDIENCE = 'urn:quickstart:api';
const APP_ORIGIN = 'http://localhost:3000';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const ROUNDS = 5;
const GOAL = 0.95;
const ROUTES = ['/api/public', '/api/private'] as const;
const STACKS = {
  ours: fileURLToPath(new URL('../src/api/api.main.ts', import.meta.url)),
  reference: fileURLToPath(new URL('./reference-api/main.ts', import.meta.url)),
};

type Route = (typeof ROUTES)[number];
type StackName = keyof typeof STACKS;

export interface ApiFigures {
  /** Requests per second (median round) of each stack, and ours / reference (median of the rounds' ratios). */
  routes: Record<Route, { ours: number; reference: number; ratio: number }>;
  /** Microseconds per request: the token check as our routes show it, and crypto.verify of the same token. */
  check: { microseconds: number; cryptoVerify: number };
  goal: number;
  failedRequests: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, 'localhost', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** An issuer on loopback: its discovery document, its JWKS, and one access token shaped like the local server's. */
async function startIssuer() {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const server = createServer((req, res) => {
    const body = req.url?.startsWith('/.well-known/openid-configuration')
      ? { issuer: url, jwks_uri: `${url}.well-known/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] }
      : { keys: [jwk] };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
  const token = await new SignJWT({ scope: 'openid profile read:messages', azp: 'angularjs-quickstart' })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'at+jwt' })
    .setIssuer(url)
    .setSubject('auth0|bench')
    .setAudience([AUDIENCE, `${url}userinfo`])
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);
  return { url, token, jwk, close: () => server.close() };
}

/** crypto.verify with a cached KeyObject: split the token, decode the signature, check it. Microseconds per call. */
function cryptoVerifyMicroseconds(token: string, jwk: JsonWebKey): number {
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const once = () => {
    const dot = token.lastIndexOf('.');
    return verify('RSA-SHA256', Buffer.from(token.slice(0, dot)), key, Buffer.from(token.slice(dot + 1), 'base64url'));
  };
  if (!once()) throw new Error('crypto.verify refused the benchmark token');
  const rounds = Array.from({ length: ROUNDS }, () => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < 2_000; i++) once();
    return Number(process.hrtime.bigint() - started) / 2_000 / 1000;
  });
  return median(rounds);
}

async function startStack(name: StackName, env: Record<string, string>, cwd: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), STACKS[name]], {
    cwd,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', APP_ORIGIN, AUTH0_AUDIENCE: AUDIENCE, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready on')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`${name}: the API exited (${code}) before it was ready`)));
  });
  return child;
}

export async function measureApi(): Promise<ApiFigures> {
  const issuer = await startIssuer();
  const cwd = mkdtempSync(join(tmpdir(), 'api-bench-'));
  const children: ChildProcess[] = [];
  const rates = new Map<string, number[]>();
  let failedRequests = 0;
  try {
    const ports = { ours: await freePort(), reference: await freePort() };
    children.push(
      await startStack('ours', { API_PORT: String(ports.ours), AUTH0_ISSUER_BASE_URL: issuer.url }, cwd),
      await startStack('reference', { REFERENCE_API_PORT: String(ports.reference), ISSUER_BASE_URL: issuer.url }, cwd)
    );
    const runs = (['ours', 'reference'] as const).flatMap((stack) => ROUTES.map((route) => ({ stack, route })));
    const load = async ({ stack, route }: (typeof runs)[number], seconds: number) => {
      const result = await autocannon({
        url: `http://localhost:${ports[stack]}${route}`,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { authorization: `Bearer ${issuer.token}` },
      });
      failedRequests += result.errors + result.non2xx;
      return result['2xx'] / result.duration;
    };
    for (const run of runs) await load(run, 1);
    failedRequests = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const run of [...runs.slice(round % runs.length), ...runs.slice(0, round % runs.length)]) {
        const key = `${run.stack} ${run.route}`;
        rates.set(key, [...(rates.get(key) ?? []), await load(run, SECONDS)]);
      }
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    issuer.close();
    rmSync(cwd, { recursive: true, force: true });
  }
  const of = (stack: StackName, route: Route) => rates.get(`${stack} ${route}`) as number[];
  const figuresFor = (route: Route) => ({
    ours: Math.round(median(of('ours', route))),
    reference: Math.round(median(of('reference', route))),
    ratio: median(of('ours', route).map((rate, i) => rate / (of('reference', route)[i] as number))),
  });
  const perRequest = of('ours', '/api/private').map(
    (rate, i) => 1e6 / rate - 1e6 / (of('ours', '/api/public')[i] as number)
  );
  return {
    routes: { '/api/public': figuresFor('/api/public'), '/api/private': figuresFor('/api/private') },
    check: { microseconds: median(perRequest), cryptoVerify: cryptoVerifyMicroseconds(issuer.token, issuer.jwk) },
    goal: GOAL,
    failedRequests,
  };
}

/** Whether every goal was met: both routes at least the goal's share of the reference, and no failed request. */
export function meetsGoals(figures: ApiFigures): boolean {
  return figures.failedRequests === 0 && ROUTES.every((route) => figures.routes[route].ratio >= figures.goal);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await measureApi();
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  console.log(`API benchmark: node ${process.version}, ${availableParallelism()} CPUs, RS256 2048-bit`);
  console.log(
    `autocannon on loopback, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per route, the order rotating:`
  );
  for (const route of ROUTES) {
    const { ours, reference, ratio } = figures.routes[route];
    console.log(
      `  GET ${route.padEnd(12)}  ours ${String(ours).padStart(6)} req/s, reference ${String(reference).padStart(6)} ` +
        `req/s, ratio ${ratio.toFixed(2)} (goal >= ${GOAL}: ${verdict(ratio >= GOAL)})`
    );
  }
  console.log(`  failed requests: ${figures.failedRequests}`);
  const { microseconds, cryptoVerify } = figures.check;
  console.log(
    `token check per request (ours, private - public): ${microseconds.toFixed(1)} µs; crypto.verify of the same ` +
      `token: ${cryptoVerify.toFixed(1)} µs; ratio ${(microseconds / cryptoVerify).toFixed(2)}`
  );
  process.exitCode = meetsGoals(figures) ? 0 : 1;
}
