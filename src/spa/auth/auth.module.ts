import angular, { type auto } from 'angular';
import angularJwt from 'angular-jwt';
import { apiTokenConfig } from './api-token.config';
import { apiUnauthorizedInterceptor } from './api-unauthorized.interceptor';
import { checkAuthConfig, type AuthConfig } from './auth-config';
import { Auth0Loader } from './auth0-loader.service';
import { AuthService } from './auth.service';
import { CodeFlow } from './code-flow';
import { ImplicitFlow } from './implicit-flow';
import type { LoginFlow } from './login-flow';
import { LoginResponseProvider } from './login-response.provider';
import { SessionNotice } from './session-notice.service';
import { UserInfoService } from './userinfo.service';

/** The module's name, for the modules of an app that depend on it. */
export const AUTH_MODULE = 'auth';

/** The one place the two flows part: the configuration's `flow` picks the one authService uses. */
function loginFlowFactory($injector: auto.IInjectorService, authConfig: AuthConfig): LoginFlow {
  return $injector.instantiate<LoginFlow>(authConfig.flow === 'implicit' ? ImplicitFlow : CodeFlow);
}
loginFlowFactory.$inject = ['$injector', 'authConfig'];

function startSession(authService: AuthService): void {
  authService.start();
}
startSession.$inject = ['authService'];

/**
 * The session, as one AngularJS module configured by one value: `angular.module('app', [authModule({ ... })])`.
 *
 * What an app uses: `authService` (log in and come back to a page, log out, who is logged in, the state of a login
 * completing), `sessionNotice` (why a session ended, with the way back), `userInfo` (the profile from /userinfo), and
 * the access token on every `$http` call to the API, which the module sets up itself (angular-jwt's interceptor,
 * api-token.config.ts). The login response is completed as the app starts on the callback path.
 */
export function authModule(config: AuthConfig): string {
  return angular
    .module(AUTH_MODULE, [angularJwt])
    .constant('authConfig', checkAuthConfig(config))
    .provider('loginResponse', LoginResponseProvider)
    .config(apiTokenConfig)
    .service('auth0Loader', Auth0Loader)
    .factory('loginFlow', loginFlowFactory)
    .service('sessionNotice', SessionNotice)
    .service('authService', AuthService)
    .service('userInfo', UserInfoService)
    .factory('apiUnauthorizedInterceptor', apiUnauthorizedInterceptor)
    .run(startSession).name;
}
