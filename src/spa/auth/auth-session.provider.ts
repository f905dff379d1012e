import type { auto, IHttpProvider, IWindowService } from 'angular';
import type { JwtOptionsProvider } from 'angular-jwt';
import { API_TOKEN_GETTER, apiUnauthorizedInterceptor } from './api-token';
import { auth0Options, resolveConfig, type SessionConfig } from './auth-config';
import { Auth0Loader } from './auth0-loader';
import { CodeFlow } from './code-flow';
import { ImplicitFlow } from './implicit-flow';
import type { AuthSession, AuthSessionConfig, AuthSessionProvider as PublicProvider } from './index';
import type { LoginFlow } from './login-flow';
import { takeLoginResponse, type LoginResponse } from './login-response';
import { Session } from './session';

/** The session behind each `authSession` this module made: the module's own parts reach it, a host cannot. */
const SESSIONS = new WeakMap<object, Session>();

/** The session behind `authSession`, or undefined when that is not one this module made (the host replaced it). */
export function sessionBehind(authSession: unknown): Session | undefined {
  return typeof authSession === 'object' && authSession !== null ? SESSIONS.get(authSession) : undefined;
}

/**
 * `authSessionProvider`: `configure(config)` in a host's config block, then `authSession` for the app to inject.
 *
 * Configuring does three things that must happen before the app runs: the configuration is checked (a mistake stops
 * the app there, in one sentence), the login response is taken out of the address bar before AngularJS's `$location`
 * reads it, and angular-jwt is given the token getter that sends the token to the API's exact origin only.
 */
export class AuthSessionProvider implements PublicProvider {
  static $inject = ['$windowProvider', '$httpProvider', 'jwtOptionsProvider'];

  #config: SessionConfig | null = null;
  #loginResponse: LoginResponse | null = null;
  readonly #window: IWindowService;
  readonly #configureAngularJwt: JwtOptionsProvider['config'];
  readonly #interceptors: IHttpProvider['interceptors'];

  constructor(
    $windowProvider: { $get(): IWindowService },
    $httpProvider: IHttpProvider,
    jwtOptionsProvider: JwtOptionsProvider
  ) {
    this.#window = $windowProvider.$get();
    this.#configureAngularJwt = takeOver(jwtOptionsProvider);
    // angular-jwt's interceptor attaches the token API_TOKEN_GETTER hands out; ours ends a session the API refused.
    this.#interceptors = $httpProvider.interceptors;
    this.#interceptors.push('jwtInterceptor', apiUnauthorizedInterceptor);
  }

  configure(config: AuthSessionConfig): void {
    if (this.#config) throw new Error('authSession: authSessionProvider.configure() is called twice: call it once.');
    this.#config = resolveConfig(config, this.#window.document.baseURI);
    this.#loginResponse = takeLoginResponse(this.#window, this.#config);
    this.#configureAngularJwt({
      tokenGetter: API_TOKEN_GETTER,
      whiteListedDomains: [new URL(this.#config.apiUrl).hostname],
    });
  }

  $get = [
    '$injector',
    ($injector: auto.IInjectorService): AuthSession => {
      const config = this.#config;
      if (!config) {
        throw new Error(
          'authSession: the module is not configured: call authSessionProvider.configure({ ... }) in a config block of your app.'
        );
      }
      checkNeighbours($injector, this.#interceptors);
      const origin = this.#window.location.origin;
      const auth0 = $injector.instantiate(Auth0Loader, { auth0Options: () => auth0Options(config, origin) });
      const flow: LoginFlow =
        config.flow === 'implicit'
          ? $injector.instantiate(ImplicitFlow, { config })
          : $injector.instantiate(CodeFlow, { config });
      const session = $injector.instantiate(Session, { config, loginResponse: this.#loginResponse, auth0, flow });
      const surface = publicSurface(session);
      SESSIONS.set(surface, session);
      return surface;
    },
  ];
}

/**
 * This module owns angular-jwt's configuration, the original tutorial's `jwtOptionsProvider.config({ tokenGetter,
 * whiteListedDomains })`: another call, before or after, would replace the token getter, and with it the rule that
 * the token goes to the API's exact origin only, without a word. So the module keeps the one way to configure
 * angular-jwt for itself (its provider is built before any config block of the host runs), and any other call stops
 * the app, saying what to remove.
 */
function takeOver(jwtOptionsProvider: JwtOptionsProvider): JwtOptionsProvider['config'] {
  const configure = jwtOptionsProvider.config.bind(jwtOptionsProvider);
  jwtOptionsProvider.config = () => {
    throw new Error(
      'authSession: angular-jwt is configured by the authSession module, which sends the access token to apiUrl ' +
        'only: remove your jwtOptionsProvider.config(...) call.'
    );
  };
  return configure;
}

/**
 * What a host app built from the original quickstart still does, which would take the session's place without a word:
 * each stops the app at start-up, with what to remove. (Another `jwtOptionsProvider.config` call stops it in
 * `takeOver`; a service of the host's registered as `authSession` in auth-session.module.ts.)
 */
function checkNeighbours($injector: auto.IInjectorService, interceptors: IHttpProvider['interceptors']): void {
  if (interceptors.filter((interceptor) => interceptor === 'jwtInterceptor').length > 1) {
    throw new Error(
      'authSession: jwtInterceptor is on $httpProvider.interceptors twice, so each request would ask for the token ' +
        "twice: the authSession module adds it, so remove your $httpProvider.interceptors.push('jwtInterceptor')."
    );
  }
  if ($injector.has('angularAuth0')) {
    throw new Error(
      "authSession: the app loads angular-auth0 itself ('auth0.auth0' among its modules' dependencies), whose " +
        'angularAuth0Provider.init(...) would fight the module over auth0-js: remove both; the authSession module ' +
        'configures auth0-js from its own configuration.'
    );
  }
}

/** What a host reaches: the documented members, and nothing of the plumbing. */
function publicSurface(session: Session): AuthSession {
  return Object.freeze({
    login: (options?: { returnTo?: string }) => session.login(options),
    logout: () => session.logout(),
    isAuthenticated: () => session.isAuthenticated(),
    get user() {
      return session.user;
    },
    get renewing() {
      return session.renewing;
    },
    get completion() {
      return session.completion;
    },
    get notice() {
      return session.notice;
    },
    dismissNotice: () => session.dismissNotice(),
    get loggedOut() {
      return session.loggedOut;
    },
    userInfo: () => session.userInfo(),
  });
}
