import type { IPromise, IQService, IRootScopeService, ITimeoutService } from 'angular';
import type { AngularAuth0 } from 'angular-auth0';
import type { Auth0DecodedHash, Auth0ParseHashError } from 'auth0-js';
import { auth0Call, type Auth0CallServices } from './auth0-call';
import type { LoginFlow } from './login-flow';
import type { LoginResponse } from './login-response';
import type { LoginTransaction, LoginTransactions } from './login-transaction';
import { RENEWAL } from './renewal-timing';
import { describeParseHashError, describeRenewalError, SessionError, type RenewalErrorShape } from './session-errors';
import type { TokenSet } from './session-store';

/** How long the callback waits for auth0-js to check the login response (it fetches the signing keys first). */
const PARSE_TIMEOUT_MS = 20_000;

/**
 * The original tutorial's flow (AUTH0_FLOW=implicit): `authorize()` with `response_type=token id_token`, the tokens
 * back in the URL fragment, read and checked by `parseHash()` (state, nonce, the ID token's signature), and renewal
 * with `checkSession()` in a hidden iframe. RFC 9700 says SHOULD NOT for it; it stays for tenants set up that way.
 */
export class ImplicitFlow implements LoginFlow {
  static $inject = ['$q', '$rootScope', '$timeout'];

  /** What auth0Call needs to settle a callback inside a digest. */
  readonly #calls: Auth0CallServices;

  constructor(
    private readonly $q: IQService,
    $rootScope: IRootScopeService,
    $timeout: ITimeoutService
  ) {
    this.#calls = { $q, $rootScope, $timeout };
  }

  start(webAuth: AngularAuth0, logins: LoginTransactions, login: { returnTo: string; epoch: string }): IPromise<void> {
    // Our own state and nonce: auth0-js checks them too, and this tab can tell its own logins' answers apart.
    const { state, nonce } = logins.begin(login);
    webAuth.authorize({ state, nonce });
    return this.$q.resolve();
  }

  finish(webAuth: AngularAuth0, response: LoginResponse, _login: LoginTransaction): IPromise<TokenSet> {
    return auth0Call<Auth0DecodedHash | null>(this.#calls, PARSE_TIMEOUT_MS, (done) =>
      webAuth.parseHash({ hash: response.raw }, done)
    )
      .catch((error: Auth0ParseHashError) => this.$q.reject(describeParseHashError(error)))
      .then(
        (result) =>
          this.#tokens(result) ?? this.$q.reject(new SessionError('login_failed', 'The login response is incomplete.'))
      );
  }

  renew(webAuth: AngularAuth0): IPromise<TokenSet> {
    return auth0Call<Auth0DecodedHash>(this.#calls, RENEWAL.timeoutMs + 1000, (done) =>
      webAuth.checkSession({ timeout: RENEWAL.timeoutMs }, done)
    )
      .catch((error: RenewalErrorShape) => this.$q.reject(describeRenewalError(error)))
      .then((result) => this.#tokens(result) ?? this.$q.reject(describeRenewalError({ error: 'invalid_response' })));
  }

  #tokens(result: Auth0DecodedHash | null | undefined): TokenSet | null {
    if (!result?.accessToken || !result.idToken || !result.expiresIn) return null;
    const { accessToken, idToken, expiresIn, scope } = result;
    return { accessToken, idToken, expiresIn, scope };
  }
}
