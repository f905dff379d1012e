import type { AuthManager } from 'angular-jwt';

/** After a reload, angular-jwt's authManager re-reads the stored token so `$rootScope.isAuthenticated` is right again. */
export function authRun(authManager: AuthManager): void {
  authManager.checkAuthOnRefresh();
}
authRun.$inject = ['authManager'];
