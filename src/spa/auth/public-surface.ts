import type { AuthSession } from './index';
import type { Session } from './session';

/** The session behind each `authSession` this module made: the module's own parts reach it, a host cannot. */
const SESSIONS = new WeakMap<object, Session>();

/** The session behind `authSession`, or undefined when that is not one this module made (the host replaced it). */
export function sessionBehind(authSession: unknown): Session | undefined {
  return typeof authSession === 'object' && authSession !== null ? SESSIONS.get(authSession) : undefined;
}

/** What a host reaches: the documented members of `AuthSession`, and nothing of the plumbing. */
export function publicSurface(session: Session): AuthSession {
  const surface: AuthSession = Object.freeze({
    login: (options?: { returnTo?: string }) => session.login(options),
    logout: () => session.endings.logout(),
    isAuthenticated: () => session.isAuthenticated(),
    get user() {
      return session.user;
    },
    get renewing() {
      return session.renewal.running;
    },
    get completion() {
      return session.completion;
    },
    get notice() {
      return session.endings.notice;
    },
    dismissNotice: () => void (session.endings.notice = null),
    get loggedOut() {
      return session.endings.loggedOut;
    },
    userInfo: () => session.userInfo(),
  });
  SESSIONS.set(surface, session);
  return surface;
}
