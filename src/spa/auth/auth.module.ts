import angular from 'angular';
import angularJwt from 'angular-jwt';
import configModule from '../config/config.module';
import { apiUnauthorizedInterceptor } from './api-unauthorized.interceptor';
import { Auth0Loader } from './auth0-loader.service';
import { authRun } from './auth.run';
import { AuthService } from './auth.service';
import { loginFlowFactory } from './login-flow.factory';
import { SessionNotice } from './session-notice.service';
import { tokenInterceptorConfig } from './token-interceptor.config';

/**
 * Login, logout and the session (authService, with the flow AUTH0_FLOW picks: loginFlow), the note shown when a
 * session ends (sessionNotice), auth0-js loaded on first use (auth0Loader), and the access token on API requests
 * (angular-jwt's interceptor, apiUnauthorizedInterceptor).
 */
export default angular
  .module('app.auth', [angularJwt, configModule])
  .config(tokenInterceptorConfig)
  .service('auth0Loader', Auth0Loader)
  .factory('loginFlow', loginFlowFactory)
  .service('sessionNotice', SessionNotice)
  .service('authService', AuthService)
  .factory('apiUnauthorizedInterceptor', apiUnauthorizedInterceptor)
  .run(authRun).name;
