/**
 * Tells an outage at the issuer from a bad token. express-oauth2-jwt-bearer reports every failure as
 * `invalid_token` (401), a key set it could not fetch included, and the SPA ends its session on a 401: users would be
 * logged out because the authorization server is briefly down. So the middleware fetches the issuer's discovery
 * document and keys through an agent of ours, Node's HTTP diagnostics channel shows us each of those requests, and a
 * refusal during which one of them failed (no connection, a timeout, or an answer other than 200) becomes 503 with
 * `Retry-After`: the token was not judged. Tokens whose key is cached keep passing until the key set's max age.
 */
import { subscribe } from 'node:diagnostics_channel';
import { Agent as HttpAgent, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { RequestHandler } from 'express';
import { InvalidTokenError } from 'express-oauth2-jwt-bearer';
import { IssuerUnavailableError } from '../errors/api.errors';
import type { LogLine } from '../errors/error-handler.middleware';

/** The requests an agent of ours makes to the issuer, and when the last of them failed. */
export class IssuerFetches {
  readonly agent: HttpAgent;
  #lastFailureAt = Number.NEGATIVE_INFINITY;
  #failing = false;

  constructor(
    issuer: string,
    private readonly log: LogLine
  ) {
    this.agent =
      new URL(issuer).protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    watched.set(this.agent, this);
  }

  /** Whether a fetch failed at or after `time` (a `performance.now()` reading). */
  failedSince(time: number): boolean {
    return this.#lastFailureAt >= time;
  }

  follow(request: ClientRequest): void {
    const url = `${request.protocol}//${request.getHeader('host')}${request.path}`;
    // Registered before the library reads the outcome, so the failure is known when its refusal arrives.
    request.once('response', (response) => {
      if (response.statusCode === 200) this.#recovered();
      else this.#failed(url, `answered HTTP ${response.statusCode}`);
    });
    // The library's discovery fetch sets a timeout but never acts on it: ending the request makes the wait end.
    request.once('timeout', () => {
      this.#failed(url, 'did not answer in time');
      request.destroy(new Error('timed out'));
    });
    request.once('error', (error: NodeJS.ErrnoException) => this.#failed(url, error.code ?? error.message));
  }

  #failed(url: string, reason: string): void {
    this.#lastFailureAt = performance.now();
    // One line when an outage starts, not one per request.
    if (!this.#failing) this.log(`api: the issuer cannot be reached (${url} ${reason}): tokens get 503 meanwhile`);
    this.#failing = true;
  }

  #recovered(): void {
    if (this.#failing) this.log('api: the issuer answers again');
    this.#failing = false;
  }
}

const watched = new WeakMap<object, IssuerFetches>();
subscribe('http.client.request.start', (message) => {
  const { request } = message as { request: ClientRequest & { agent?: object } };
  if (request.agent) watched.get(request.agent)?.follow(request);
});

/** Runs `check`, answering 503 instead of its 401 when the issuer could not be asked while it ran. */
export function answerOutageWith503(
  check: RequestHandler,
  fetches: IssuerFetches,
  retryAfterSeconds: number
): RequestHandler {
  return (req, res, next) => {
    const startedAt = performance.now();
    void check(req, res, (error?: unknown) => {
      if (error instanceof InvalidTokenError && fetches.failedSince(startedAt)) {
        next(new IssuerUnavailableError(retryAfterSeconds));
      } else {
        next(error);
      }
    });
  };
}
