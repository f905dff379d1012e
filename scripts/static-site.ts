/**
 * The built SPA (dist/) as `npm run serve` sends it: read once at start-up into memory, with its brotli and gzip
 * copies, so a request can only ever get one of the files found there (no path from a URL reaches the disk).
 *
 * - Content-hashed files (`main.3f2a9c81d0.js`) are cached for a year as immutable; everything else, index.html
 *   first, must be revalidated (no-cache, with an ETag), so a new deploy is picked up on the next visit.
 * - Paths without a file extension are the app's own routes (html5 mode): they get index.html. A missing file with
 *   an extension is a 404, never index.html, so a stale script reference fails visibly instead of parsing HTML as JS.
 * - Only the build's own files: nothing whose path has a segment starting with a dot (`.env`, `.git/`, `.data/`),
 *   however it is spelled in the URL, and no `..` out of the folder: a 404.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { COMPRESSIBLE, compressedVariants } from './precompress';

type Encoding = 'br' | 'gzip';

interface SiteFile {
  type: string;
  cacheControl: string;
  etag: string;
  body: Buffer;
  variants: Partial<Record<Encoding, Buffer>>;
}

export interface Site {
  /** Keyed by the URL path without its leading slash, e.g. `main.3f2a9c81d0.js`. */
  files: Map<string, SiteFile>;
  index: SiteFile;
}

export interface SiteHeaders {
  /** The page's Content-Security-Policy, sent with every response. */
  contentSecurityPolicy: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
// webpack's `[name].[contenthash:10].ext` (and the license file named after such a script).
const CONTENT_HASHED = /\.[0-9a-f]{10,}\./;
const ENCODING_SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** A readable reason `loadSite` could not serve a folder. */
export class SiteError extends Error {}

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SiteError(
      code === 'ENOENT' ? `${dir} does not exist: run \`npm run build\` first.` : `cannot read ${dir}: ${code}`
    );
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Reads every file of `dir`; uses its .br/.gz copies, or makes them when the build did not. */
export async function loadSite(dir: string): Promise<Site> {
  const paths = await listFiles(dir);
  const present = new Set(paths);
  const files = new Map<string, SiteFile>();
  for (const path of paths) {
    const name = relative(dir, path).split(sep).join('/');
    // Compressed copies belong to their file; source maps stay private (the production build makes none).
    if (path.endsWith('.map') || (/\.(?:br|gz)$/.test(path) && present.has(path.replace(/\.(?:br|gz)$/, '')))) {
      continue;
    }
    if (hasDotSegment(name)) continue;
    const body = await readFile(path);
    const variants: Partial<Record<Encoding, Buffer>> = {};
    if (COMPRESSIBLE.test(name)) {
      for (const encoding of ['br', 'gzip'] as const) {
        const copy = `${path}${ENCODING_SUFFIX[encoding]}`;
        if (present.has(copy)) variants[encoding] = await readFile(copy);
      }
      if (!variants.br || !variants.gzip) {
        const made = await compressedVariants(body);
        for (const encoding of ['br', 'gzip'] as const) {
          const copy = made[encoding];
          if (!variants[encoding] && copy) variants[encoding] = copy;
        }
      }
    }
    files.set(name, {
      type: TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
      cacheControl: CONTENT_HASHED.test(name) ? IMMUTABLE : REVALIDATE,
      etag: createHash('sha256').update(body).digest('base64url').slice(0, 27),
      body,
      variants,
    });
  }
  const index = files.get('index.html');
  if (!index) throw new SiteError(`${dir} has no index.html: run \`npm run build\` first.`);
  return { files, index };
}

/** The encoding the client prefers among those available; ties go to brotli, the smaller. */
export function chooseEncoding(acceptEncoding: string | undefined, available: Encoding[]): Encoding | undefined {
  if (!acceptEncoding || available.length === 0) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const q = params.map((param) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(param)).find(Boolean);
    const weight = q ? Number(q[1]) : 1;
    weights.set(token === 'x-gzip' ? 'gzip' : token, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (encoding: Encoding) => weights.get(encoding) ?? weights.get('*') ?? 0;
  let best: Encoding | undefined;
  for (const encoding of (['br', 'gzip'] as const).filter((name) => available.includes(name))) {
    if (weightOf(encoding) > 0 && (!best || weightOf(encoding) > weightOf(best))) best = encoding;
  }
  return best;
}

/** The file a URL path names, index.html for an app route, or undefined (a 404). */
function resolvePath(site: Site, pathname: string): SiteFile | undefined {
  // Checked after decoding, so `%2eenv` and `%2E%2E` are caught too; a 404, never the app's index.html.
  if (hasDotSegment(pathname)) return undefined;
  const name = pathname.replace(/^\/+/, '');
  if (name === '') return site.index;
  const file = site.files.get(name);
  if (file) return file;
  const last = name.slice(name.lastIndexOf('/') + 1);
  return last.includes('.') ? undefined : site.index;
}

/**
 * Whether any segment of the path starts with a dot: `.env`, `.git/config`, `.data/...`, and `.`/`..` too. Such files
 * are never part of a build (secrets, repositories, local state), so they are neither loaded nor served.
 */
function hasDotSegment(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.'));
}

/** The decoded URL path; undefined when it cannot be decoded or carries a NUL or a backslash. */
function decodePath(url: string | undefined): string | undefined {
  if (!url?.startsWith('/')) return undefined;
  const pathname = url.replace(/[?#].*$/s, '');
  try {
    const decoded = decodeURIComponent(pathname);
    return /\0|\\/.test(decoded) ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/** The request handler for a loaded site. */
export function siteHandler(site: Site, headers: SiteHeaders): (req: IncomingMessage, res: ServerResponse) => void {
  const common = {
    'Content-Security-Policy': headers.contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };

  function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
    res.writeHead(status, {
      ...common,
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': REVALIDATE,
      ...extra,
    });
    res.end(text);
  }

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      plain(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    const pathname = decodePath(req.url);
    if (pathname === undefined) {
      plain(res, 400, 'Bad request\n');
      return;
    }
    const file = resolvePath(site, pathname);
    if (!file) {
      plain(res, 404, 'Not found\n');
      return;
    }
    const encodings = Object.keys(file.variants) as Encoding[];
    const encoding = chooseEncoding(req.headers['accept-encoding'], encodings);
    const body = encoding ? (file.variants[encoding] as Buffer) : file.body;
    // Each encoding is its own representation, so it gets its own validator.
    const etag = `"${file.etag}${encoding ? `-${encoding}` : ''}"`;
    const responseHeaders: Record<string, string | number> = {
      ...common,
      'Content-Type': file.type,
      'Cache-Control': file.cacheControl,
      ETag: etag,
      ...(encodings.length > 0 ? { Vary: 'Accept-Encoding' } : {}),
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
    };
    const validators = req.headers['if-none-match']?.split(',').map((value) => value.trim());
    if (validators?.includes(etag) || validators?.includes('*')) {
      res.writeHead(304, responseHeaders);
      res.end();
      return;
    }
    res.writeHead(200, { ...responseHeaders, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
