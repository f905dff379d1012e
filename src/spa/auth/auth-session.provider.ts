import type { auto, IHttpProvider, IWindowService } from 'angular';
import type { JwtOptionsProvider } from 'angular-jwt';
import { API_TOKEN_GETTER, apiUnauthorizedInterceptor } from './api-token';
import { auth0Options, resolveConfig, type SessionConfig } from './auth-config';
import { Auth0Loader } from './auth0-loader';
import { CodeFlow } from './code-flow';
import { Dpop } from './dpop';
import { ImplicitFlow } from './implicit-flow';
import type { AuthSession, AuthSessionConfig, AuthSessionProvider as PublicProvider } from './index';
import type { LoginFlow } from './login-flow';
import { takeLoginResponse, type LoginResponse } from './login-response';
import { checkNeighbours, takeOver } from './neighbours';
import { publicSurface } from './public-surface';
import { Session } from './session';

/**
 * `authSessionProvider.configure(config)`, in a host's config block, does what must happen before the app runs:
 * checks the configuration (a mistake stops the app, in one sentence), takes the login response out of the address
 * bar before `$location` reads it, and gives angular-jwt the getter that sends the token to the API's origin only.
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
      authPrefix: this.#config.dpop ? 'DPoP ' : 'Bearer ',
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
      const dpop = config.dpop ? $injector.instantiate(Dpop) : null;
      const flow: LoginFlow =
        config.flow === 'implicit'
          ? $injector.instantiate(ImplicitFlow, { config })
          : $injector.instantiate(CodeFlow, { config, dpop });
      const loginResponse = this.#loginResponse;
      const session = $injector.instantiate(Session, { config, loginResponse, auth0, flow, dpop });
      return publicSurface(session);
    },
  ];
}
