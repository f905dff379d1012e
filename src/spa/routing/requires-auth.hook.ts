import type { HookResult, StateDeclaration, StateObject, TransitionService } from '@uirouter/angularjs';
import type { AuthService } from '../auth/auth.service';
import type { RenewalOutcome } from '../auth/auth.service';
import type { SessionNotice } from '../auth/session-notice.service';

/** What a state declares in `data` to be shown only with a session; children inherit it. */
export interface RouteData {
  requiresAuth?: boolean;
}

/** Whether a state (or one of its parents, whose `data` it inherits) needs a session. */
export function requiresAuth(state: StateObject | StateDeclaration | undefined | null): boolean {
  return Boolean((state?.data as RouteData | undefined)?.requiresAuth);
}

/**
 * The one place that enforces `data: { requiresAuth: true }`, for links, deep links and reloads alike.
 *
 * A session being renewed (or expired and renewable) is waited for, so a reload never bounces a user who is still
 * logged in. Without a session the visitor goes home, where the note says that the page needs a login, with a
 * "Log in" that comes back to the page asked for (only paths of this app are accepted). If a renewal has just failed,
 * the note says why instead, with "Log in again".
 */
export function requiresAuthHook(
  $transitions: TransitionService,
  authService: AuthService,
  sessionNotice: SessionNotice
): void {
  $transitions.onBefore({ to: requiresAuth }, (transition) => {
    const decide = (outcome: RenewalOutcome) => {
      if (authService.isAuthenticated()) return true;
      const $state = transition.router.stateService;
      const returnTo = $state.href(transition.to(), transition.params('to')) || '/';
      if (outcome === 'ended' && sessionNotice.active) sessionNotice.show(sessionNotice.message, returnTo);
      else sessionNotice.show(`The page you asked for (${returnTo}) needs a login.`, returnTo, 'Log in');
      return $state.target('home');
    };
    // ui-router's types name the native Promise; under AngularJS it takes $q promises (it wraps results in $q.when).
    return authService.settle().then(decide) as unknown as HookResult;
  });
}
requiresAuthHook.$inject = ['$transitions', 'authService', 'sessionNotice'];
