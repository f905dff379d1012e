import type { IHttpService, IPromise } from 'angular';

/** How long the discovery document may take. */
const TIMEOUT_MS = 5_000;

/** What the session asks of the authorization server's discovery document (OpenID Connect Discovery). */
export class Discovery {
  readonly #url: string;

  constructor(
    private readonly $http: IHttpService,
    issuer: string
  ) {
    this.#url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  }

  /** RFC 9207: whether the server says it names itself (`iss`) in every login response. */
  sendsIssuer(): IPromise<boolean> {
    return this.#document().then((document) => document?.authorization_response_iss_parameter_supported === true);
  }

  /** Whether the server answers at all: a logout with no refresh token to revoke asks before it leaves. */
  answers(): IPromise<boolean> {
    return this.#document().then((document) => document !== null);
  }

  /** The document, or null when it cannot be had (no answer, an error, not JSON). */
  #document(): IPromise<Record<string, unknown> | null> {
    return this.$http.get<Record<string, unknown>>(this.#url, { timeout: TIMEOUT_MS }).then(
      (response) => (typeof response.data === 'object' ? response.data : null),
      () => null
    );
  }
}
