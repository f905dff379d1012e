/**
 * The built SPA (dist/) as `npm run serve` sends it, on Express's static file server (serve-static), which brings
 * ETags, conditional and range requests, HEAD and safe file paths. What this file adds in front of it:
 *
 * - the build's brotli and gzip copies (`main.3f2a9c81d0.js.br`, from scripts/precompress.plugin.ts) when the
 *   browser accepts them, brotli when it accepts both alike; a file the build left without copies goes as it is;
 * - content-hashed files (`main.3f2a9c81d0.js`) cached for a year as immutable; everything else, index.html first,
 *   revalidated (no-cache), so a new deploy is picked up on the next visit;
 * - the app's own routes (html5 mode: a last path segment with no dot) answered with index.html; a missing file with
 *   an extension is a 404, never index.html, so a stale script reference fails visibly instead of parsing HTML as JS;
 * - nothing whose path has a segment starting with a dot (`.env`, `.git/`, `..`), however the URL encodes it: a 404;
 * - the copies themselves are not published under their own names (`/main.3f2a9c81d0.js.br`, `/index.html.br`):
 *   a 404, as for any other file the site does not publish, not an octet-stream of compressed bytes;
 * - the SPA's security headers (src/config/spa-headers.ts, the dev server's too) on every answer.
 */
import { existsSync, readdirSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import express, { type Express, type Response } from 'express';
import Negotiator from 'negotiator';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
// webpack's `[name].[contenthash:10].ext` (and the license file named after such a script).
const CONTENT_HASHED = /\.[0-9a-f]{10,}\./;
const COPY_SUFFIX = { br: '.br', gzip: '.gz' } as const;

/** A readable reason `siteApp` cannot serve a folder. */
export class SiteError extends Error {}

function plain(res: Response, status: number, text: string): void {
  res.status(status).type('text/plain').set('Cache-Control', REVALIDATE).send(text);
}

export function siteApp(dir: string, headers: Record<string, string>): Express {
  if (!existsSync(join(dir, 'index.html')))
    throw new SiteError(`${dir} has no index.html: run \`npm run build\` first.`);
  // Listed once at start-up, so choosing a copy never looks a URL's path up on disk.
  const files = new Set(
    readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => name.split(sep).join('/'))
  );

  /** A brotli or gzip copy the build made of another of its files (`/main.3f2a9c81d0.js.br`). */
  const isCopy = (path: string) =>
    Object.values(COPY_SUFFIX).some((suffix) => path.endsWith(suffix) && files.has(path.slice(1, -suffix.length)));

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.set(headers);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', 'GET, HEAD');
      return plain(res, 405, 'Method not allowed\n');
    }
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return plain(res, 400, 'Bad request\n');
    }
    // Checked after decoding, so `%2eenv` and `..%2f` are caught too; a 404, never the app's index.html.
    if (path.split('/').some((segment) => segment.startsWith('.')) || isCopy(path)) {
      return plain(res, 404, 'Not found\n');
    }
    if (!path.slice(path.lastIndexOf('/')).includes('.')) {
      req.url = '/index.html';
      path = req.url;
    }
    const copies = (['br', 'gzip'] as const).filter((encoding) => files.has(path.slice(1) + COPY_SUFFIX[encoding]));
    if (copies.length > 0) {
      res.vary('Accept-Encoding');
      const [encoding] = new Negotiator(req).encodings([...copies, 'identity'], { preferred: ['br', 'gzip'] });
      if (encoding === 'br' || encoding === 'gzip') {
        res.set('Content-Encoding', encoding).type(extname(path));
        req.url = req.path + COPY_SUFFIX[encoding];
      }
    }
    next();
  });
  app.use(
    express.static(dir, {
      index: false,
      redirect: false,
      setHeaders: (res, file) => res.setHeader('Cache-Control', CONTENT_HASHED.test(file) ? IMMUTABLE : REVALIDATE),
    })
  );
  app.use((_req, res) => plain(res, 404, 'Not found\n'));
  return app;
}
