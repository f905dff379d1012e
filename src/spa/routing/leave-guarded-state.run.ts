import type { StateObject, StateService } from '@uirouter/angularjs';
import type { IRootScopeService } from 'angular';
import { SESSION_EVENTS } from '../auth/session-events';
import { requiresAuth } from './requires-auth.hook';

/**
 * When the session ends under the user's feet (renewal refused, API refused the token), a page that needs a login
 * is left for its nearest ancestor that does not (the ping page for its secured part), or home. The user is not
 * sent to log in: the session note explains and offers that.
 */
export function leaveGuardedStateRun($rootScope: IRootScopeService, $state: StateService): void {
  $rootScope.$on(SESSION_EVENTS.ended, () => {
    let state: StateObject | undefined = $state.$current;
    if (!requiresAuth(state)) return;
    while (requiresAuth(state)) state = state?.parent;
    // The root state has no name; an abstract one cannot be shown.
    void $state.go(state?.name && !state.self.abstract ? state.name : 'home');
  });
}
leaveGuardedStateRun.$inject = ['$rootScope', '$state'];
