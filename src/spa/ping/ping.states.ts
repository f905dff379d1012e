import type { Ng1StateDeclaration, RedirectToResult, Transition } from '@uirouter/angularjs';
import type { AuthService } from '../auth/auth.service';
import type { SessionRenewal } from '../auth/session-renewal.service';
import type { RouteData } from '../routing/requires-auth.hook';

/**
 * With a session, `/ping` shows its secured part as well. A session being renewed (or expired and renewable) is
 * seen to first, so a reload does not show the page without it.
 */
export function showSecuredPart(transition: Transition): Promise<RedirectToResult> {
  const injector = transition.injector();
  const authService = injector.get<AuthService>('authService');
  const sessionRenewal = injector.get<SessionRenewal>('sessionRenewal');
  const decide = (): RedirectToResult => (authService.isAuthenticated() ? 'ping.secured' : undefined);
  // ui-router's types name the native Promise; under AngularJS it takes $q promises.
  return sessionRenewal.settle().then(decide) as unknown as Promise<RedirectToResult>;
}

/**
 * `/ping`: open to everyone. The secured call is not hidden from a logged-out user; the API's refusal is part of
 * what the page demonstrates.
 */
export const pingState: Ng1StateDeclaration = {
  name: 'ping',
  url: '/ping',
  component: 'ping',
  redirectTo: showSecuredPart,
};

/**
 * The secured part of the ping page, shown inside it at the same address (no URL of its own), only with a session.
 * It is left for `ping` when the session ends.
 */
export const pingSecuredState: Ng1StateDeclaration = {
  name: 'ping.secured',
  component: 'pingSecured',
  data: { requiresAuth: true } satisfies RouteData,
};
