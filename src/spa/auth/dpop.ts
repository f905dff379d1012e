import type {
  IHttpResponse,
  IHttpService,
  IPromise,
  IQService,
  IRequestConfig,
  IRootScopeService,
  IWindowService,
} from 'angular';
import type { OAuthTokenOptions, OAuthTokenResult } from 'angular-auth0';
import type { KeyPair } from 'dpop';
import type { SessionConfig } from './auth-config';
import { randomToken } from './pkce';
import type { Session } from './session';
import { SessionError } from './session-errors';

/** What /oauth/token answers (RFC 6749 5.1, 5.2). */
interface TokenAnswer {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
  scope?: string;
  token_type?: string;
  error?: string;
  error_description?: string;
}

/** panva's dpop, loaded the first time a key is made or used: an app without `dpop: true` never loads it. */
const dpopLibrary = () => import(/* webpackChunkName: "dpop" */ 'dpop');

/** IndexedDB, where the key pairs live: a non-extractable `CryptoKeyPair` is kept as it is, and every tab finds it. */
const DATABASE = 'authSession';
const KEYS = 'dpopKeys';

/**
 * DPoP (RFC 9449), with `dpop: true`: the tokens are bound to a key pair this browser made and cannot export, so a
 * copy of them, read from localStorage by a script, is refused anywhere but in this page. One key pair per session,
 * made as its login completes, kept in IndexedDB under an id the stored session names (every tab uses it: the refresh
 * token is bound to it too), and forgotten when the session ends. A proof is made for each request, right before it,
 * with panva's `dpop` (as Auth0's auth0-spa-js does); a server's nonce (`DPoP-Nonce`) is kept for its origin and sent
 * from then on. It does not protect against a script running inside the page while it runs: that script can ask for
 * proofs as the page does.
 */
export class Dpop {
  static $inject = ['$window', '$q', '$http', '$rootScope'];

  readonly #pairs = new Map<string, Promise<KeyPair>>();
  readonly #nonces = new Map<string, string>();

  constructor(
    private readonly $window: IWindowService,
    private readonly $q: IQService,
    private readonly $http: IHttpService,
    private readonly $rootScope: IRootScopeService
  ) {}

  /** A new key pair for a login: ES256, its private half not extractable. Resolves with the id it is kept under. */
  create(): IPromise<string> {
    const id = randomToken(16);
    const made = dpopLibrary().then(({ generateKeyPair }) => generateKeyPair('ES256', { extractable: false }));
    this.#pairs.set(id, made);
    return this.$q.when(made.then((pair) => this.#keys('readwrite', (keys) => keys.put(pair, id))).then(() => id));
  }

  /**
   * The DPoP proof for a request to `url` with `method`: `htu` is the URL without its query and fragment, `ath` the
   * hash of `accessToken` when one goes with it, and the nonce the server gave last, if any.
   */
  proof(keyId: string, method: string, url: string, accessToken?: string): IPromise<string> {
    const target = new URL(url, this.$window.document.baseURI);
    const htu = `${target.origin}${target.pathname}`;
    const nonce = this.#nonces.get(target.origin);
    const proof = Promise.all([this.#pair(keyId), dpopLibrary()]).then(([pair, { generateProof }]) =>
      generateProof(pair, htu, method.toUpperCase(), nonce, accessToken)
    );
    // Settled in a digest at once: `$q.when` would wait for a timer to start one, which was most of a proof's cost.
    return this.$q((resolve, reject) => {
      proof.then(
        (value) => this.$rootScope.$apply(() => resolve(value)),
        (error: unknown) => this.$rootScope.$apply(() => reject(error))
      );
    });
  }

  /**
   * Puts on an API request the proof for `token`, made now with the session's key; without that key (site data
   * cleared) the session ends with the notice. Resolves with the token to send, or null.
   */
  proveFor(session: Session, request: IRequestConfig, token: string): IPromise<string | null> {
    const keyId = session.store.current()?.dpopKeyId;
    if (!keyId) return this.$q.resolve(token);
    return this.proof(keyId, request.method, request.url, token).then(
      (proof) => {
        request.headers = { ...request.headers, DPoP: proof };
        return token;
      },
      () => {
        session.endings.endIfRefused(token, new SessionError('key_unavailable'));
        return null;
      }
    );
  }

  /**
   * Keeps the nonce a server asked for (`use_dpop_nonce`, with a `DPoP-Nonce` header); true when `response` asked for
   * one, so the request is worth sending once more.
   */
  tookNonce(response: IHttpResponse<unknown>): boolean {
    const nonce = response?.headers?.('DPoP-Nonce');
    const challenge = `${response?.headers?.('WWW-Authenticate') ?? ''} ${JSON.stringify(response?.data ?? '')}`;
    if (!nonce || !/use_dpop_nonce/.test(challenge)) return false;
    this.#nonces.set(new URL(response.config.url, this.$window.document.baseURI).origin, nonce);
    return true;
  }

  /** Sends a request of the module's own (the token endpoint, /userinfo) with a proof, once more with a new nonce. */
  send<T>(keyId: string, config: IRequestConfig, accessToken?: string, retried = false): IPromise<IHttpResponse<T>> {
    return this.proof(keyId, config.method, config.url, accessToken)
      .then((proof) => this.$http<T>({ ...config, headers: { ...config.headers, DPoP: proof } }))
      .catch((response: IHttpResponse<T>) =>
        !retried && this.tookNonce(response) ? this.send<T>(keyId, config, accessToken, true) : this.$q.reject(response)
      );
  }

  /**
   * With DPoP, the token request auth0-js cannot make (it sends no header of ours): the same form, with a proof of
   * the session's key, once more with the server's nonce if it asks for one. Answers and errors in auth0-js's shape.
   */
  token(
    keyId: string,
    options: OAuthTokenOptions,
    server: Pick<SessionConfig, 'clientId' | 'authorizationServer'>,
    timeoutMs: number
  ): IPromise<OAuthTokenResult> {
    const form: Record<string, string> =
      options.grantType === 'authorization_code'
        ? { code: options.code, code_verifier: options.codeVerifier, redirect_uri: options.redirectUri }
        : { refresh_token: options.refreshToken };
    const body = new URLSearchParams({ client_id: server.clientId, grant_type: options.grantType, ...form });
    const request = {
      method: 'POST',
      url: `${server.authorizationServer}/oauth/token`,
      data: body.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      timeout: timeoutMs,
    };
    return this.send<TokenAnswer>(keyId, request).then(
      ({ data }) =>
        data.token_type?.toLowerCase() !== 'dpop'
          ? this.$q.reject(new SessionError('dpop_unsupported'))
          : {
              accessToken: data.access_token,
              idToken: data.id_token,
              refreshToken: data.refresh_token,
              expiresIn: data.expires_in,
              scope: data.scope,
            },
      (response: IHttpResponse<Partial<TokenAnswer>>) =>
        this.$q.reject({
          statusCode: response.status > 0 ? response.status : undefined,
          error: response.xhrStatus === 'timeout' ? 'timeout' : response.data?.error,
          description: response.data?.error_description ?? 'no answer',
        })
    );
  }

  /** Forgets a session's key pair (its session ended); with no id, every one (a logout). */
  forget(keyId?: string | null): IPromise<void> {
    if (keyId === null) return this.$q.resolve();
    if (keyId === undefined) this.#pairs.clear();
    else this.#pairs.delete(keyId);
    return this.$q
      .when(this.#keys('readwrite', (keys) => (keyId === undefined ? keys.clear() : keys.delete(keyId))))
      .catch(() => undefined);
  }

  #pair(keyId: string): Promise<KeyPair> {
    let pair = this.#pairs.get(keyId);
    if (!pair) {
      pair = this.#keys('readonly', (keys) => keys.get(keyId) as IDBRequest<KeyPair | undefined>).then((found) => {
        if (!found) throw new Error('the session’s key pair is gone');
        return found;
      });
      pair.catch(() => this.#pairs.delete(keyId));
      this.#pairs.set(keyId, pair);
    }
    return pair;
  }

  /** One request on the key store, in a transaction of its own; resolves once the transaction is done. */
  #keys<T>(mode: IDBTransactionMode, run: (keys: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    return new Promise<IDBDatabase>((resolve, reject) => {
      const opening = this.$window.indexedDB.open(DATABASE, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(KEYS);
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    }).then(
      (database) =>
        new Promise<T>((resolve, reject) => {
          const transaction = database.transaction(KEYS, mode);
          const request = run(transaction.objectStore(KEYS));
          transaction.oncomplete = () => {
            database.close();
            resolve(request.result);
          };
          transaction.onerror = transaction.onabort = () => {
            database.close();
            reject(transaction.error);
          };
        })
    );
  }
}
