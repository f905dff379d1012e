import type { IPromise, IQService, IRootScopeService, ITimeoutService, IWindowService } from 'angular';
import type { AngularAuth0, OAuthTokenOptions, OAuthTokenResult } from 'angular-auth0';
import type { Auth0Error } from 'auth0-js';
import type { SessionConfig } from './auth-config';
import { auth0Call, type Auth0CallServices } from './auth0-call';
import type { Dpop } from './dpop';
import type { LoginFlow } from './login-flow';
import type { LoginResponse } from './login-response';
import type { LoginTransaction, LoginTransactions } from './login-transaction';
import { codeChallengeFor, createCodeVerifier } from './pkce';
import { RENEWAL } from './renewal-timing';
import {
  asSessionError,
  describeExchangeError,
  describeIdTokenError,
  describeRenewalError,
  SessionError,
} from './session-errors';
import type { StoredSession, TokenSet } from './session-store';

/** How long the code exchange and the ID token's check may take (the check fetches the signing keys). */
const EXCHANGE_TIMEOUT_MS = 20_000;

/**
 * The Authorization Code flow with PKCE (RFC 7636, S256), and renewal with rotating refresh tokens: no token travels
 * in a URL and no iframe is needed, so renewal works where third-party cookies are blocked. auth0-js builds the
 * /authorize URL and calls /oauth/token (a public client: the code verifier, not a secret, proves who started the
 * login); the verifier, its challenge, `state` and `nonce` are the app's (kept by LoginTransactions for this tab).
 */
export class CodeFlow implements LoginFlow {
  static $inject = ['$q', '$rootScope', '$timeout', '$window', 'config', 'dpop'];

  /** What auth0Call needs to settle a callback inside a digest. */
  readonly #calls: Auth0CallServices;

  constructor(
    private readonly $q: IQService,
    $rootScope: IRootScopeService,
    $timeout: ITimeoutService,
    private readonly $window: IWindowService,
    private readonly config: SessionConfig,
    private readonly dpop: Dpop | null
  ) {
    this.#calls = { $q, $rootScope, $timeout };
  }

  start(webAuth: AngularAuth0, logins: LoginTransactions, login: { returnTo: string; epoch: string }): IPromise<void> {
    const codeVerifier = createCodeVerifier();
    return this.$q.when(codeChallengeFor(codeVerifier)).then((codeChallenge) => {
      const { state, nonce } = logins.begin({ ...login, codeVerifier });
      // The client's options (auth-config.ts, auth0Options) add the client id, audience and scopes.
      const url = webAuth.client.buildAuthorizeUrl({
        redirectUri: this.#callbackUrl(),
        responseType: 'code',
        responseMode: 'query',
        state,
        nonce,
        codeChallenge,
        codeChallengeMethod: 'S256',
      });
      this.$window.location.assign(url);
    });
  }

  finish(webAuth: AngularAuth0, response: LoginResponse, login: LoginTransaction): IPromise<TokenSet> {
    const code = new URLSearchParams(response.raw).get('code');
    if (!code || !login.codeVerifier) {
      return this.$q.reject(new SessionError('login_failed', 'The login response carries no authorization code.'));
    }
    const exchange = { grantType: 'authorization_code', code, codeVerifier: login.codeVerifier } as const;
    // With DPoP, the login's own key pair, made now: the tokens it gets back are bound to it.
    const keyId: IPromise<string | undefined> = this.dpop ? this.dpop.create() : this.$q.resolve(undefined);
    return keyId.then((dpopKeyId) =>
      this.#token(webAuth, { ...exchange, redirectUri: this.#callbackUrl() }, EXCHANGE_TIMEOUT_MS, dpopKeyId)
        .catch((error: Auth0Error) => this.$q.reject(asSessionError(error, describeExchangeError)))
        .then((tokens) => this.#checkIdToken(webAuth, tokens, login.nonce))
        .then((tokens) => ({ ...tokens, dpopKeyId }))
        .catch(
          (error: unknown) => this.dpop?.forget(dpopKeyId).then(() => this.$q.reject(error)) ?? this.$q.reject(error)
        )
    );
  }

  renew(webAuth: AngularAuth0, session: StoredSession): IPromise<TokenSet> {
    const { refreshToken, dpopKeyId } = session;
    if (!refreshToken) {
      return this.$q.reject(describeRenewalError({ error: 'no_refresh_token', description: 'none was issued' }));
    }
    // `scope: undefined`: auth0-js would otherwise send the login's scopes, which a refresh must not ask for again.
    const refresh = { grantType: 'refresh_token', refreshToken, scope: undefined } as const;
    return this.#token(webAuth, refresh, RENEWAL.timeoutMs, dpopKeyId ?? undefined)
      .catch((error: Auth0Error & { error?: string }) => this.$q.reject(asSessionError(error, describeRenewalError)))
      .then((tokens) => this.#checkIdToken(webAuth, tokens));
  }

  #token(
    webAuth: AngularAuth0,
    options: OAuthTokenOptions,
    timeoutMs = EXCHANGE_TIMEOUT_MS,
    dpopKeyId?: string
  ): IPromise<TokenSet> {
    const answer =
      this.dpop && dpopKeyId
        ? this.dpop.token(dpopKeyId, options, this.config, timeoutMs)
        : auth0Call<OAuthTokenResult>(this.#calls, timeoutMs, (done) => webAuth.client.oauthToken(options, done));
    return answer.then((result) => {
      if (!result?.accessToken || !result.idToken || !result.expiresIn) {
        return this.$q.reject({ error: 'invalid_response', description: 'the token response is incomplete' });
      }
      const { accessToken, idToken, expiresIn, scope, refreshToken } = result;
      return { accessToken, idToken, expiresIn, scope, refreshToken };
    });
  }

  /** auth0-js's check of an ID token: signature, issuer, audience, expiry, and the login's nonce (renewals have none). */
  #checkIdToken(webAuth: AngularAuth0, tokens: TokenSet, nonce?: string): IPromise<TokenSet> {
    return auth0Call<unknown>(this.#calls, EXCHANGE_TIMEOUT_MS, (done) =>
      webAuth.validateToken(tokens.idToken, nonce, done)
    )
      .catch((error: Auth0Error) => this.$q.reject(describeIdTokenError(error)))
      .then(() => tokens);
  }

  #callbackUrl(): string {
    return `${this.$window.location.origin}${this.config.callbackPath}`;
  }
}
