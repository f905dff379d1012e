import angular from 'angular';
import angularAuth0 from 'angular-auth0';
import angularJwt from 'angular-jwt';
import configModule from '../config/config.module';
import { apiUnauthorizedInterceptor } from './api-unauthorized.interceptor';
import { auth0Config } from './auth0.config';
import { authRun } from './auth.run';
import { AuthService } from './auth.service';
import { SessionNotice } from './session-notice.service';
import { SessionRenewal } from './session-renewal.service';
import { tokenInterceptorConfig } from './token-interceptor.config';

/**
 * Login, logout and the session (authService), its silent renewal (sessionRenewal), the note shown when it ends
 * (sessionNotice), and the access token on API requests (angular-jwt, apiUnauthorizedInterceptor).
 */
export default angular
  .module('app.auth', [angularAuth0, angularJwt, configModule])
  .config(auth0Config)
  .config(tokenInterceptorConfig)
  .service('sessionNotice', SessionNotice)
  .service('authService', AuthService)
  .service('sessionRenewal', SessionRenewal)
  .factory('apiUnauthorizedInterceptor', apiUnauthorizedInterceptor)
  .run(authRun).name;
