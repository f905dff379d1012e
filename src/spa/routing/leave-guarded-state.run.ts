import type { StateService } from '@uirouter/angularjs';
import type { AuthService } from '../auth/auth.service';
import { requiresAuth } from './requires-auth.hook';

/**
 * When the session ends under the user's feet (renewal refused, the API refused the token, a logout in another
 * tab), a page that needs a login is left for home. The user is not sent to log in: the session note explains and
 * offers that, with a way back to the page.
 */
export function leaveGuardedStateRun(authService: AuthService, $state: StateService): void {
  authService.onSessionEnded(() => {
    if (requiresAuth($state.$current)) void $state.go('home');
  });
}
leaveGuardedStateRun.$inject = ['authService', '$state'];
