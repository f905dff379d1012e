/**
 * Fetching a small JSON document from an authorization server with a hard time limit, and turning every way that
 * can fail into one sentence a user can act on. The configuration check uses it for the discovery document and the
 * JWKS, the API's key store for the JWKS; it must never hang and never print a stack trace, whatever the network does.
 */
import { portOf } from './url-rules';

/** The part of `fetch` used here, so tests and callers can pass their own. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface BoundedFetchOptions {
  fetch: FetchLike;
  /** Covers everything: DNS, connecting, TLS, headers and body. */
  timeoutMs: number;
  /** Discovery documents and key sets are a few KiB; anything far larger is not one. */
  maxBytes?: number;
}

/**
 * `unreachable`: no usable answer, possibly for a passing reason (offline, DNS, refused, timeout, 5xx).
 * `invalid`: the server answered, and the answer is wrong (4xx, redirect, not JSON, too large).
 */
export type FetchFailureKind = 'unreachable' | 'invalid';

export type FetchJsonResult = { ok: true; json: unknown } | { ok: false; kind: FetchFailureKind; reason: string };

const DEFAULT_MAX_BYTES = 1024 * 1024;

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const NETWORK_CODES = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function asErrorLike(value: unknown): ErrorLike | undefined {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;
}

/** The innermost error code: fetch wraps the socket's error in `cause`, and happy eyeballs in an AggregateError. */
function errorCode(error: unknown): string | undefined {
  for (let current = asErrorLike(error); current;) {
    if (typeof current.code === 'string') return current.code;
    const inner = Array.isArray(current.errors) ? current.errors[0] : current.cause;
    current = asErrorLike(inner);
  }
  return undefined;
}

function innermostMessage(error: unknown): string {
  let message = 'unknown error';
  for (let current = asErrorLike(error); current; current = asErrorLike(current.cause)) {
    if (typeof current.message === 'string' && current.message) message = current.message;
  }
  return message;
}

function isTimeout(error: unknown): boolean {
  const name = asErrorLike(error)?.name;
  return name === 'TimeoutError' || name === 'AbortError' || TIMEOUT_CODES.has(errorCode(error) ?? '');
}

/** Why the request got no answer, naming the cause: DNS, refused, timeout, reset, network or TLS. */
export function describeNetworkFailure(error: unknown, url: URL, timeoutMs: number): string {
  const code = errorCode(error);
  const place = `${url.hostname}:${portOf(url)}`;
  if (isTimeout(error)) return `no answer from ${url.host} within ${timeoutMs / 1000} s (timeout)`;
  if (code === 'EAI_AGAIN') {
    return `DNS lookup of ${url.hostname} failed (EAI_AGAIN): no DNS server answered, which usually means you are offline`;
  }
  if (code && DNS_CODES.has(code)) {
    return `DNS lookup of ${url.hostname} failed (${code}): no such host name, or you are offline`;
  }
  if (code === 'ECONNREFUSED') return `connection to ${place} refused (ECONNREFUSED): nothing is listening there`;
  if (code && RESET_CODES.has(code)) return `${place} closed the connection without answering (${code})`;
  if (code && NETWORK_CODES.has(code)) return `network unreachable for ${place} (${code}): check your connection`;
  if (code && (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL'))) {
    return `the TLS connection to ${place} failed (${code}): ${innermostMessage(error)}`;
  }
  return `request to ${place} failed${code ? ` (${code})` : ''}: ${innermostMessage(error)}`;
}

async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** GETs `url` and parses its JSON body, within `timeoutMs` in all. Never throws. */
export async function fetchJson(url: URL, options: BoundedFetchOptions): Promise<FetchJsonResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let text: string | undefined;
  try {
    // Redirects are not followed: an issuer's documents live at its own URL, and a redirect hides a wrong setting.
    const response = await options.fetch(url.href, {
      signal,
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      return {
        ok: false,
        kind: 'invalid',
        reason: `${url.href} answered with a redirect (HTTP ${response.status}${location ? ` to ${location}` : ''})`,
      };
    }
    if (!response.ok) {
      await response.body?.cancel();
      const passing = response.status >= 500 || response.status === 429;
      return {
        ok: false,
        kind: passing ? 'unreachable' : 'invalid',
        reason: `${url.href} answered HTTP ${response.status}`,
      };
    }
    text = await readCapped(response, maxBytes);
  } catch (error) {
    return { ok: false, kind: 'unreachable', reason: describeNetworkFailure(error, url, options.timeoutMs) };
  }
  if (text === undefined) {
    return {
      ok: false,
      kind: 'invalid',
      reason: `${url.href} answered more than ${maxBytes} bytes, not a JSON document`,
    };
  }
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, kind: 'invalid', reason: `${url.href} did not answer JSON` };
  }
}
