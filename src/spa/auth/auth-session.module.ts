import angular, { type auto } from 'angular';
import angularJwt from 'angular-jwt';
import { AuthSessionProvider } from './auth-session.provider';
import { sessionBehind } from './public-surface';
import { REPLACED_SESSION } from './neighbours';
import { guardStates } from './route-guard';

/** The module's name, and the prefix of every name it registers or stores. */
export const AUTH_SESSION = 'authSession';

/**
 * At start-up: the session a host injects must be this module's (AngularJS's injector is flat, and the last
 * registration of a name wins without a word), then it completes a login response or picks up the stored session.
 */
function startSession($injector: auto.IInjectorService): void {
  const session = sessionBehind($injector.get(AUTH_SESSION));
  if (!session) throw new Error(REPLACED_SESSION);
  session.start();
  guardStates($injector, session);
}
startSession.$inject = ['$injector'];

/**
 * Registers the module (once, as the entry file loads): `authSessionProvider.configure(...)` in a host's config
 * block, `authSession` for the host to inject, and at start-up the session itself. It needs angular-jwt, whose
 * configuration it owns; angular-auth0 and auth0-js are loaded when the session first needs them (auth0-loader.ts).
 */
export function registerAuthSession(): string {
  return angular.module(AUTH_SESSION, [angularJwt]).provider(AUTH_SESSION, AuthSessionProvider).run(startSession).name;
}
