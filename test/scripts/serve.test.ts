/**
 * `npm run serve` as a browser and an operator meet it: the served build (encodings, caching, html5 fallback, 404s,
 * the CSP header, paths that try to leave the folder), then the real entry point started on free ports.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { compressedVariants } from '../../scripts/precompress';
import { siteApp } from '../../scripts/static-site';
import { contentSecurityPolicy } from '../../src/config/csp';
import { loadEnvironment } from '../../src/config/environment';
import { spaHeaders } from '../../src/config/spa-headers';
import {
  canListen,
  freeLocalPorts,
  localEnvironment,
  portInUseAdvice,
  startEntry,
  stop,
  waitForOutput,
} from '../support/processes';

const SCRIPT = 'main.0123456789.js';
const STYLES = 'main.abcdef0123.css';
const INDEX = `<!doctype html><html><head><script defer src="/${SCRIPT}"></script></head><body><ui-view></ui-view></body></html>`;
const SCRIPT_BODY = Array.from({ length: 200 }, (_, i) => `angular.module('m${i}',[]).value('v${i}',${i});`).join('\n');
const STYLES_BODY = Array.from({ length: 100 }, (_, i) => `.c${i}{margin:${i}px}`).join('\n');
const SECRET = 'secret outside the build folder';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP request: the path goes out exactly as written, and the body as it came over the wire. */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: 'localhost', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error(`no answer for ${path}`)));
    req.end();
  });
}

/** The body as the browser reads it, whatever the encoding. */
function decoded(answer: Answer): string {
  const encoding = answer.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(answer.body).toString();
  if (encoding === 'gzip') return gunzipSync(answer.body).toString();
  return answer.body.toString();
}

/** A build folder like webpack's: index.html and a hashed script with their .br/.gz copies, hashed CSS without, a favicon. */
async function makeBuild(): Promise<{ base: string; dist: string }> {
  const base = mkdtempSync(join(tmpdir(), 'serve-test-'));
  const dist = join(base, 'dist');
  mkdirSync(dist);
  writeFileSync(join(base, 'secret.txt'), SECRET);
  for (const [name, body] of [
    ['index.html', INDEX],
    [SCRIPT, SCRIPT_BODY],
  ]) {
    writeFileSync(join(dist, name), body);
    const variants = await compressedVariants(Buffer.from(body));
    if (variants.br) writeFileSync(join(dist, `${name}.br`), variants.br);
    if (variants.gzip) writeFileSync(join(dist, `${name}.gz`), variants.gzip);
  }
  writeFileSync(join(dist, STYLES), STYLES_BODY);
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  // What a served folder must never give away, though it holds them: a .env, a repository, local state.
  writeFileSync(join(dist, '.env'), `AUTH0_CLIENT_SECRET=${SECRET}`);
  for (const folder of ['.git', '.data/auth-server', 'assets/.cache'])
    mkdirSync(join(dist, folder), { recursive: true });
  writeFileSync(join(dist, '.git', 'config'), `[remote "origin"] ${SECRET}`);
  writeFileSync(join(dist, '.git', 'HEAD'), `ref: ${SECRET}`);
  writeFileSync(join(dist, '.data', 'auth-server', 'signing-key.json'), JSON.stringify({ d: SECRET }));
  writeFileSync(join(dist, 'assets', '.cache', 'state.json'), JSON.stringify({ secret: SECRET }));
  return { base, dist };
}

const localEnv = loadEnvironment({});

describe('the served build', () => {
  let base: string;
  let server: Server;
  let port: number;

  before(async () => {
    const build = await makeBuild();
    base = build.base;
    server = createServer(siteApp(build.dist, spaHeaders(localEnv)));
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(base, { recursive: true, force: true });
  });

  it('sends index.html with the strict CSP as a header, to be revalidated on every visit', async () => {
    const answer = await get(port, '/');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(answer.headers['cache-control'], 'no-cache');
    assert.equal(answer.headers['content-security-policy'], contentSecurityPolicy(localEnv));
    assert.match(answer.headers['content-security-policy'] ?? '', /script-src 'self';/);
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    assert.equal(answer.body.toString(), INDEX);
  });

  it('sends the brotli copy to a browser that accepts it, cached for a year as immutable', async () => {
    const answer = await get(port, `/${SCRIPT}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-encoding'], 'br');
    assert.equal(answer.headers['vary'], 'Accept-Encoding');
    assert.equal(answer.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(answer.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(Number(answer.headers['content-length']), answer.body.length);
    assert.ok(answer.body.length < SCRIPT_BODY.length / 3, 'the body is compressed');
    assert.equal(brotliDecompressSync(answer.body).toString(), SCRIPT_BODY);
  });

  it('follows Accept-Encoding: gzip when brotli is absent or refused, identity when nothing is accepted', async () => {
    const cases: [string | undefined, string | undefined][] = [
      ['gzip, deflate', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['gzip;q=1, br;q=0.5', 'gzip'],
      ['*', 'br'],
      ['identity', undefined],
      ['br;q=0, gzip;q=0', undefined],
      [undefined, undefined],
    ];
    for (const [accept, expected] of cases) {
      const answer = await get(port, `/${SCRIPT}`, accept === undefined ? {} : { 'accept-encoding': accept });
      assert.equal(answer.headers['content-encoding'], expected, `Accept-Encoding: ${accept}`);
      assert.equal(answer.headers['vary'], 'Accept-Encoding', `Vary with Accept-Encoding: ${accept}`);
      assert.equal(decoded(answer), SCRIPT_BODY, `Accept-Encoding: ${accept}`);
    }
  });

  it('sends a file the build left without copies as it is', async () => {
    const answer = await get(port, `/${STYLES}`, { 'accept-encoding': 'br' });
    assert.equal(answer.headers['content-encoding'], undefined);
    assert.equal(answer.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(answer.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(answer.body.toString(), STYLES_BODY);
  });

  it('keeps files without a content hash revalidated', async () => {
    const answer = await get(port, '/favicon.svg');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'image/svg+xml');
    assert.equal(answer.headers['cache-control'], 'no-cache');
  });

  it("answers the app's routes (html5 mode) with index.html, not cached", async () => {
    for (const path of ['/ping', '/callback', '/ping?x=1', '/some/deep/link']) {
      const answer = await get(port, path);
      assert.equal(answer.status, 200, path);
      assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8', path);
      assert.equal(answer.headers['cache-control'], 'no-cache', path);
      assert.equal(answer.body.toString(), INDEX, path);
    }
  });

  it('answers 404, not index.html, for a missing asset', async () => {
    for (const path of ['/main.ffffffffff.js', '/missing.css', '/assets/logo.png']) {
      const answer = await get(port, path, { 'accept-encoding': 'br' });
      assert.equal(answer.status, 404, path);
      assert.equal(answer.headers['content-type'], 'text/plain; charset=utf-8', path);
      assert.ok(answer.headers['content-security-policy'], `a 404 carries the CSP too: ${path}`);
    }
  });

  it('answers the precompressed copies under their own names with 404, as files the site does not publish', async () => {
    const copies = [`/${SCRIPT}.br`, `/${SCRIPT}.gz`, '/index.html.br', '/index.html.gz', `/${SCRIPT}%2Ebr`];
    for (const path of copies) {
      for (const accept of [undefined, 'gzip, deflate, br']) {
        const answer = await get(port, path, accept === undefined ? {} : { 'accept-encoding': accept });
        const asked = `${path} (Accept-Encoding: ${accept})`;
        assert.equal(answer.status, 404, asked);
        assert.equal(answer.headers['content-type'], 'text/plain; charset=utf-8', asked);
        assert.equal(answer.headers['content-encoding'], undefined, asked);
        assert.equal(answer.body.toString(), 'Not found\n', asked);
      }
    }
    // The files they are copies of are still sent, compressed.
    const index = await get(port, '/index.html', { 'accept-encoding': 'br' });
    assert.equal(index.status, 200);
    assert.equal(index.headers['content-encoding'], 'br');
    assert.equal(decoded(index), INDEX);
  });

  it('refuses paths that try to leave the build folder, and never sends a file from outside it', async () => {
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/./../secret.txt',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/index.html%00.js',
      '/%E0%A4%A',
    ];
    for (const path of attempts) {
      const answer = await get(port, path);
      assert.ok([400, 404].includes(answer.status), `${path} answered ${answer.status}`);
      assert.doesNotMatch(answer.body.toString(), new RegExp(SECRET), path);
      assert.doesNotMatch(answer.body.toString(), /root:/, path);
    }
  });

  it('serves no file whose path has a segment starting with a dot, however the URL spells it: 404', async () => {
    const attempts = [
      '/.env',
      '/%2eenv',
      '/%2Eenv',
      '/.env?x=1',
      '/.git/config',
      '/%2egit/config',
      '/.git%2fconfig',
      '/.git/HEAD',
      '/.git/',
      '/.data/auth-server/signing-key.json',
      '/%2Edata/auth-server/signing-key.json',
      '/assets/.cache/state.json',
      '/assets/%2ecache/state.json',
      '/.well-known/anything',
      '/./index.html',
    ];
    for (const path of attempts) {
      const answer = await get(port, path, { 'accept-encoding': 'br, gzip' });
      assert.equal(answer.status, 404, `${path} answered ${answer.status}`);
      assert.doesNotMatch(decoded(answer), new RegExp(SECRET), path);
      assert.doesNotMatch(decoded(answer), /<ui-view>/, `${path} is not an app route either`);
    }
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const first = await get(port, `/${SCRIPT}`, { 'accept-encoding': 'br' });
    const etag = first.headers['etag'];
    assert.ok(etag);
    const again = await get(port, `/${SCRIPT}`, { 'accept-encoding': 'br', 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const otherEncoding = await get(port, `/${SCRIPT}`, { 'accept-encoding': 'gzip', 'if-none-match': etag });
    assert.equal(otherEncoding.status, 200, 'another encoding is another representation');
  });

  it('answers HEAD with the headers only, and refuses other methods', async () => {
    const head = await get(port, `/${SCRIPT}`, { 'accept-encoding': 'br' }, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.ok(Number(head.headers['content-length']) > 0);
    const post = await get(port, '/', {}, 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers['allow'], 'GET, HEAD');
  });
});

describe('npm run serve, the entry point', { timeout: 60_000 }, () => {
  let base: string;
  let dist: string;

  before(async () => ({ base, dist } = await makeBuild()));
  after(() => rmSync(base, { recursive: true, force: true }));

  async function environment(): Promise<Record<string, string>> {
    // The issuer's port is free, so nothing answers there.
    return { ...localEnvironment(await freeLocalPorts()), SERVE_DIR: dist };
  }

  it('serves the build and the API on localhost, and stops cleanly on SIGTERM', async () => {
    const env = await environment();
    const serve = startEntry('scripts/serve.ts', env);
    try {
      await waitForOutput(serve, /serve: ready on /, 30_000);
      const page = await get(Number(new URL(env.APP_ORIGIN).port), '/ping', { 'accept-encoding': 'br' });
      assert.equal(page.status, 200);
      assert.equal(decoded(page), INDEX);
      // The same headers as the dev server's (src/config/spa-headers.ts), with no live-reload socket.
      for (const [name, value] of Object.entries(spaHeaders(loadEnvironment(env)))) {
        assert.equal(page.headers[name.toLowerCase()], value, name);
      }
      const api = await get(Number(env.API_PORT), '/api/public');
      assert.equal(api.status, 200);
      assert.match(JSON.parse(api.body.toString()).message, /public/);
    } finally {
      assert.equal(await stop(serve), 0, serve.output());
    }
  });

  it('names the port in use and a value of APP_ORIGIN that works, in one line', async () => {
    const env = await environment();
    const holder = createServer();
    const busy = Number(new URL(env.APP_ORIGIN).port);
    await new Promise<void>((resolve) => holder.listen(busy, 'localhost', resolve));
    try {
      const serve = startEntry('scripts/serve.ts', env);
      assert.equal(await serve.exited, 1);
      const lines = serve.output().trim().split('\n');
      assert.equal(lines.length, 1, serve.output());
      const advice = portInUseAdvice(lines[0] ?? '', 'serve', busy);
      assert.deepEqual(advice.set, { APP_ORIGIN: `http://localhost:${advice.freePort}` });
      // The build carries APP_ORIGIN, so the new value needs a new build.
      assert.equal(advice.rest, ', then run `npm run build` again');
      assert.notEqual(advice.freePort, Number(env.API_PORT));
      assert.ok(await canListen(advice.freePort), `port ${advice.freePort} is not free`);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('says to build first when the folder has no build, in one line', async () => {
    const env = { ...(await environment()), SERVE_DIR: join(base, 'nothing-here') };
    const serve = startEntry('scripts/serve.ts', env);
    assert.equal(await serve.exited, 1);
    assert.match(serve.output().trim(), /^serve: \S+nothing-here has no index.html: run `npm run build` first\.$/);
  });
});
