import angular, { type IWindowService } from 'angular';
import angularAuth0, { type AngularAuth0Provider } from 'angular-auth0';
import { auth0Options, type AuthConfig } from './auth-config';

/** The original tutorial's `angularAuth0Provider.init(...)`, from the module's configuration. */
function auth0Config(
  angularAuth0Provider: AngularAuth0Provider,
  $windowProvider: { $get(): IWindowService },
  authConfig: AuthConfig
): void {
  angularAuth0Provider.init(auth0Options(authConfig, $windowProvider.$get().location.origin));
}
auth0Config.$inject = ['angularAuth0Provider', '$windowProvider', 'authConfig'];

/**
 * angular-auth0 and auth0-js, in a chunk of their own that auth0-loader.service.ts loads when the session first needs
 * it (a login, a callback, a renewal, a logout), so a visitor's first page does not carry them.
 */
export default angular.module('auth.auth0', [angularAuth0]).config(auth0Config).name;
