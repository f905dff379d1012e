import type { auto, ILocationService, IPromise } from 'angular';
import type { Session } from './session';

/** The few parts of ui-router (@uirouter/angularjs 1.x) the guard uses, so the module needs neither it nor its types. */
interface GuardedState {
  data?: { requiresAuth?: unknown };
}
interface Router {
  stateService: {
    target(state: unknown, params?: unknown): unknown;
    href(state: unknown, params?: unknown): string | null;
    $current: GuardedState;
  };
  urlService: {
    match(url: { path: string; search: object; hash: string }): {
      rule: { type: string; state?: unknown };
      match: unknown;
    };
  };
}
interface Transition {
  to(): GuardedState;
  params(which: 'to'): object;
  router: Router;
}
interface TransitionService {
  onBefore(
    criteria: { to: (state: GuardedState) => boolean },
    hook: (transition: Transition) => IPromise<unknown>
  ): void;
}

/** Whether a state (or a parent, whose `data` it inherits) asks for a login: `data: { requiresAuth: true }`. */
function requiresAuth(state: GuardedState | null | undefined): boolean {
  return state?.data?.requiresAuth === true;
}

/**
 * The guard for ui-router states that need a login, opt-in per state with `data: { requiresAuth: true }`, for links,
 * deep links and reloads alike; nothing happens in an app without ui-router.
 *
 * A session being renewed (or expired and renewable) is waited for, so a reload never bounces a user who is still
 * logged in. Without a session the visitor goes to `homePath`, where the notice says the page needs a login, with a
 * "Log in" that comes back to the page asked for; if a renewal has just failed, the notice says why instead. When the
 * session ends while such a page is open, the page is left the same way.
 */
export function guardStates($injector: auto.IInjectorService, session: Session): void {
  if (!$injector.has('$transitions') || !$injector.has('$uiRouter')) return;
  const $transitions = $injector.get<TransitionService>('$transitions');
  const router = $injector.get<Router>('$uiRouter');
  const $location = $injector.get<ILocationService>('$location');
  // Inside a transition, a redirect is a target state: the one whose URL is homePath.
  const home = (): unknown => {
    const found = router.urlService.match({ path: session.config.homePath, search: {}, hash: '' });
    if (found?.rule.type === 'STATE') return router.stateService.target(found.rule.state, found.match);
    $location.url(session.config.homePath);
    return false;
  };

  $transitions.onBefore({ to: requiresAuth }, (transition) =>
    session.renewal.settle().then((outcome) => {
      if (session.isAuthenticated()) return true;
      const returnTo = router.stateService.href(transition.to(), transition.params('to')) || session.config.homePath;
      session.endings.needsLogin(returnTo, outcome === 'ended');
      return home();
    })
  );
  // Outside a transition, a new address is enough: the router follows it.
  session.endings.onSessionEnded(() => {
    if (requiresAuth(router.stateService.$current)) $location.url(session.config.homePath);
  });
}
