/**
 * The bytes `npm run serve` sends for a build's initial page: its handler, in-process on a free localhost port, asked
 * for index.html and then for every script index.html loads, with a given Accept-Encoding. Bodies are counted as they
 * come over the wire, still compressed.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { contentSecurityPolicy } from '../../src/config/csp';
import { loadEnvironment } from '../../src/config/environment';
import { siteApp } from '../../scripts/static-site';

interface Fetched {
  encoding: string;
  body: Buffer;
}

function fetchRaw(port: number, path: string, acceptEncoding: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request({ host: 'localhost', port, path, headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`GET ${path} answered ${res.statusCode}`));
        resolve({ encoding: String(res.headers['content-encoding'] ?? 'identity'), body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path}: no answer`)));
    req.end();
  });
}

export interface ServedScripts {
  acceptEncoding: string;
  scripts: { path: string; encoding: string; bytes: number }[];
  bytes: number;
}

export async function servedScripts(dir: string, acceptEncoding: string): Promise<ServedScripts> {
  const server = createServer(siteApp(dir, { contentSecurityPolicy: contentSecurityPolicy(loadEnvironment()) }));
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const page = await fetchRaw(port, '/', acceptEncoding);
    const html = (
      page.encoding === 'br'
        ? brotliDecompressSync(page.body)
        : page.encoding === 'gzip'
          ? gunzipSync(page.body)
          : page.body
    ).toString();
    const paths = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1] as string);
    const scripts = await Promise.all(
      paths.map(async (path) => {
        const answer = await fetchRaw(port, new URL(path, 'http://localhost/').pathname, acceptEncoding);
        return { path, encoding: answer.encoding, bytes: answer.body.length };
      })
    );
    return { acceptEncoding, scripts, bytes: scripts.reduce((total, script) => total + script.bytes, 0) };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
