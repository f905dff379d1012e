import type { AuthManager } from 'angular-jwt';
import type { SessionRenewal } from './session-renewal.service';

/**
 * At start-up: angular-jwt's authManager re-reads the stored token on every state change so
 * `$rootScope.isAuthenticated` is right after a reload, and silent renewal starts (at once when the stored tokens
 * have expired).
 */
export function authRun(authManager: AuthManager, sessionRenewal: SessionRenewal): void {
  authManager.checkAuthOnRefresh();
  sessionRenewal.start();
}
authRun.$inject = ['authManager', 'sessionRenewal'];
