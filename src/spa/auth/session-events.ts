/**
 * Events broadcast on `$rootScope` when the session changes, so the features that react (renewal scheduling, the
 * router leaving a guarded page) need not depend on the code that changed it.
 */
export const SESSION_EVENTS = {
  /** New tokens were stored: after a login, a renewal, or by another tab. */
  started: 'session:started',
  /** The session ended without the user asking (renewal refused, API refused the token). */
  ended: 'session:ended',
} as const;
