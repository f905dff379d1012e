/**
 * Tells an outage at the issuer from a bad token: express-oauth2-jwt-bearer answers 401 `invalid_token` for a key set
 * it could not fetch too, and the SPA ends its session on a 401, so a brief outage would log users out.
 *
 * - The library fetches the issuer's documents through an agent of ours; Node's HTTP diagnostics channel shows how
 *   each fetch ends. After one fails (no connection, no answer in time, not 200), the agent opens no connection for
 *   the cooldown: a lookup fails at once with ISSUER_NOT_ASKED. (The library's own cooldown follows only a fetch that
 *   worked.) After the cooldown, one fetch goes out, shared by the requests waiting for keys.
 * - Only a request whose own key lookup failed gets 503 with `Retry-After`. The library keeps only the message of the
 *   error it wraps, and a refusal for the request's own reasons (a forged token) cannot be told from one that waited
 *   on the failing fetch: so a refusal during which a fetch failed is checked once more, the cooldown now on.
 * Tokens whose key is cached keep passing until the key set's max age.
 */
import { subscribe } from 'node:diagnostics_channel';
import { Agent as HttpAgent, type ClientRequest, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';
import type { RequestHandler } from 'express';
import { InvalidTokenError } from 'express-oauth2-jwt-bearer';
import { IssuerUnavailableError } from '../errors/api.errors';
import type { LogLine } from '../errors/error-handler.middleware';

/** The reason a lookup gives when the agent did not ask the issuer; the library passes it on as its own message. */
export const ISSUER_NOT_ASKED = 'The issuer failed moments ago: it is not asked again until its cooldown has passed.';

/** The requests the library makes to the issuer, through an agent that holds them back after a failure. */
export class IssuerFetches {
  readonly agent: HttpAgent;
  #lastFailureAt = Number.NEGATIVE_INFINITY;
  #closedUntil = Number.NEGATIVE_INFINITY;
  #failing = false;

  constructor(
    issuer: string,
    private readonly cooldownMs: number,
    private readonly log: LogLine
  ) {
    const Base: typeof HttpAgent = new URL(issuer).protocol === 'https:' ? HttpsAgent : HttpAgent;
    const coolingDown = () => performance.now() < this.#closedUntil;
    // Without keep-alive every fetch opens a connection, so none slips past the check (fetches are rare).
    this.agent = new (class extends Base {
      override createConnection(
        options: ClientRequestArgs,
        callback?: (error: Error | null, socket: Duplex) => void
      ): Duplex | null | undefined {
        if (coolingDown()) {
          // Node's documented way to fail a connection: the request then emits this error (with no socket).
          (callback as ((error: Error) => void) | undefined)?.(new Error(ISSUER_NOT_ASKED));
          return undefined;
        }
        return super.createConnection(options, callback);
      }
    })({ keepAlive: false });
    watched.set(this.agent, this);
  }

  /** Whether a fetch failed at or after `time` (a `performance.now()` reading). */
  failedSince(time: number): boolean {
    return this.#lastFailureAt >= time;
  }

  /** Whole seconds until the issuer is asked again (at least 1). */
  retryAfterSeconds(): number {
    const left = Math.max(this.#closedUntil - performance.now(), 0);
    return Math.max(Math.ceil(left / 1000), 1);
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
    this.#closedUntil = this.#lastFailureAt + this.cooldownMs;
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

/** Runs `check`, answering 503 instead of its 401 when this request's key lookup found the issuer failing. */
export function answerOutageWith503(check: RequestHandler, fetches: IssuerFetches): RequestHandler {
  return (req, res, next) => {
    const run = (mayRetry: boolean) => {
      const startedAt = performance.now();
      void check(req, res, (error?: unknown) => {
        if (!(error instanceof InvalidTokenError)) next(error);
        else if (error.message === ISSUER_NOT_ASKED) next(new IssuerUnavailableError(fetches.retryAfterSeconds()));
        else if (mayRetry && fetches.failedSince(startedAt)) run(false);
        else next(error);
      });
    };
    run(true);
  };
}
