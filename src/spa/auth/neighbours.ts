import type { auto, IHttpProvider } from 'angular';
import type { JwtOptionsProvider } from 'angular-jwt';

/**
 * What a host app built from the original quickstart still does that would take the session's place in AngularJS's
 * one flat injector, where the last registration of a name wins without a word. Each stops the app at start-up, with
 * one sentence naming the conflict and what to remove.
 */

/**
 * This module owns angular-jwt's configuration, the original tutorial's `jwtOptionsProvider.config({ tokenGetter,
 * whiteListedDomains })`: another call, before or after, would replace the token getter, and with it the rule that
 * the token goes to the API's exact origin only, without a word. So the module keeps the one way to configure
 * angular-jwt for itself (its provider is built before any config block of the host runs), and any other call stops
 * the app, saying what to remove.
 */
export function takeOver(jwtOptionsProvider: JwtOptionsProvider): JwtOptionsProvider['config'] {
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
 * At the first injection of the session: angular-jwt's interceptor added by the host too, or angular-auth0 loaded by
 * the host itself.
 */
export function checkNeighbours($injector: auto.IInjectorService, interceptors: IHttpProvider['interceptors']): void {
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

/** The session a host injects is not this module's: the host registered a service of its own under its name. */
export const REPLACED_SESSION =
  "authSession: the app registers a service of its own named 'authSession', which replaces the authSession " +
  "module's session: rename yours (every name the module registers or stores starts with 'authSession').";
