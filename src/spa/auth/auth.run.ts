import type { AuthService } from './auth.service';

/** At start-up: pick up the stored session (renewing it at once when it has expired) and follow other tabs. */
export function authRun(authService: AuthService): void {
  authService.start();
}
authRun.$inject = ['authService'];
