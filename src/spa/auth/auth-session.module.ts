import angular, { type auto } from 'angular';
import angularJwt from 'angular-jwt';
import { AuthSessionProvider } from './auth-session.provider';
import { sessionBehind } from './public-surface';
import { REPLACED_SESSION } from './neighbours';
import { guardStates } from './route-guard';

/** The module's name, and the prefix of every name it registers or stores. */
export const AUTH_SESSION = 'authSession';

/** At start-up: the `authSession` injected must be this module's (a flat injector's last name wins silently). */
function startSession($injector: auto.IInjectorService): void {
  const session = sessionBehind($injector.get(AUTH_SESSION));
  if (!session) throw new Error(REPLACED_SESSION);
  session.start();
  guardStates($injector, session);
}
startSession.$inject = ['$injector'];

/**
 * Registers the module (once, as the entry file loads): `authSessionProvider` to configure, `authSession` to inject.
 * It owns angular-jwt's configuration; angular-auth0 and auth0-js load when first needed (auth0-loader.ts).
 */
export function registerAuthSession(): string {
  return angular.module(AUTH_SESSION, [angularJwt]).provider(AUTH_SESSION, AuthSessionProvider).run(startSession).name;
}
