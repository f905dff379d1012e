import angular from 'angular';
import angularAuth0 from 'angular-auth0';
import angularJwt from 'angular-jwt';
import configModule from '../config/config.module';
import { auth0Config } from './auth0.config';
import { authRun } from './auth.run';
import { AuthService } from './auth.service';
import { tokenInterceptorConfig } from './token-interceptor.config';

/** Login, logout and the session (authService), and the access token on API requests (angular-jwt). */
export default angular
  .module('app.auth', [angularAuth0, angularJwt, configModule])
  .config(auth0Config)
  .config(tokenInterceptorConfig)
  .service('authService', AuthService)
  .run(authRun).name;
