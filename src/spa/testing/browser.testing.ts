import angular from 'angular';

/** The address bar of the fake window: what the app reads on /callback, and where a login sends the browser. */
export interface FakeLocation {
  readonly origin: string;
  pathname: string;
  search: string;
  hash: string;
  readonly href: string;
  /** Where `location.assign` would have sent the browser (the karma page itself never moves). */
  assign: jasmine.Spy<(url: string) => void>;
  replace: jasmine.Spy<(url: string) => void>;
  /** Puts `url` (resolved against the current address) in the address bar. */
  go(url: string): void;
}

/**
 * Web Locks for one spec: tasks under one name run one after another, as `navigator.locks` runs them across tabs.
 * A spec's own manager, so a renewal a spec leaves unanswered cannot hold a lock the next spec needs (the real
 * manager is shared by every spec in the page; cross-tab-lock.spec.ts uses it directly).
 */
export class FakeLockManager {
  /** Every name asked for, in order. */
  readonly requested: string[] = [];
  readonly #queues = new Map<string, Promise<unknown>>();

  request<T>(name: string, callback: (lock: Lock | null) => T | PromiseLike<T>): Promise<T> {
    this.requested.push(name);
    const run = (this.#queues.get(name) ?? Promise.resolve()).then(() => callback({ name, mode: 'exclusive' }));
    this.#queues.set(
      name,
      run.then(
        () => undefined,
        () => undefined
      )
    );
    return run;
  }
}

export interface FakeBrowser {
  /** What the app gets as `$window`: the real window, but for the members below. */
  window: angular.IWindowService;
  location: FakeLocation;
  history: { state: unknown; replaceState: jasmine.Spy; pushState: jasmine.Spy };
  /** A monotonic clock (performance.now) that moves only when the spec says. */
  clock: { now: number; advance(ms: number): void };
  /** The Web Locks the app's navigator offers (none when the spec gave a navigator of its own). */
  locks: FakeLockManager;
  /** What the app asked to run when the browser is idle (it never runs unless the spec calls it). */
  requestIdleCallback: jasmine.Spy<(callback: () => void) => number>;
  /** The module that makes this the app's `$window` and opens its address in `$location`: load it first. */
  module: string;
}

let modules = 0;

/**
 * A `$window` for specs: the address bar, the history and the monotonic clock are fakes, so a login can "leave" for
 * the authorization server and a callback URL can be "opened" without moving the karma page; everything else
 * (storage, navigator.locks, document, events) is the real browser's. `navigator` can be replaced too.
 */
export function fakeBrowser(options: { url?: string; navigator?: Partial<Navigator> } = {}): FakeBrowser {
  const origin = window.location.origin;
  const address = new URL(options.url ?? '/', origin);
  const location: FakeLocation = {
    origin,
    pathname: address.pathname,
    search: address.search,
    hash: address.hash,
    get href() {
      return `${origin}${this.pathname}${this.search}${this.hash}`;
    },
    assign: jasmine.createSpy('location.assign'),
    replace: jasmine.createSpy('location.replace'),
    go(url: string) {
      const next = new URL(url, this.href);
      if (next.origin !== origin) throw new Error(`the fake window stays on ${origin}, not ${next.origin}`);
      this.pathname = next.pathname;
      this.search = next.search;
      this.hash = next.hash;
    },
  };
  const moveTo = (_state: unknown, _title: string, url?: string | URL | null) => {
    if (url !== undefined && url !== null) location.go(String(url));
  };
  const history = {
    state: null as unknown,
    replaceState: jasmine.createSpy('history.replaceState').and.callFake(moveTo),
    pushState: jasmine.createSpy('history.pushState').and.callFake(moveTo),
  };
  const clock = {
    now: 1_000_000,
    advance(ms: number) {
      this.now += ms;
    },
  };
  const locks = new FakeLockManager();
  const navigator = options.navigator ?? forwardingTo(window.navigator, { locks });
  const requestIdleCallback = jasmine.createSpy<(callback: () => void) => number>('requestIdleCallback');
  const performance = { now: () => clock.now };
  const fake = forwardingTo(window, { location, history, performance, navigator, requestIdleCallback });
  const module = `spec.window.${++modules}`;
  angular
    .module(module, [])
    .config([
      '$provide',
      ($provide: angular.auto.IProvideService) => {
        $provide.value('$window', fake);
      },
    ])
    // Before the app's own run blocks (load this module first), as the address is there when a page loads.
    .run([
      '$location',
      ($location: angular.ILocationService) => $location.url(`${location.pathname}${location.search}`),
    ]);
  return { window: fake, location, history, clock, locks, requestIdleCallback, module };
}

/** `real` with some members replaced; its methods keep `real` as `this` (constructors are left as they are). */
function forwardingTo<T extends object>(real: T, overrides: Record<PropertyKey, unknown>): T {
  return new Proxy({} as T, {
    get(_target, key) {
      if (key in overrides) return overrides[key];
      const value: unknown = Reflect.get(real, key);
      return typeof value === 'function' && !/^[A-Z]/.test(String(key)) ? value.bind(real) : value;
    },
    has: (_target, key) => key in overrides || key in real,
  });
}

/**
 * Lets native promises (Web Crypto, Web Locks) settle and runs the digests their $q continuations wait for, `rounds`
 * times: they resolve outside AngularJS, whose $evalAsync then waits for a mocked $browser.defer.
 */
export async function settleNative(injector: angular.auto.IInjectorService, rounds = 8): Promise<void> {
  const $rootScope = injector.get<angular.IRootScopeService>('$rootScope');
  for (let round = 0; round < rounds; round++) {
    // The real timer, on purpose: the native promises settle in the browser's own event loop.
    await new Promise((resolve) => window.setTimeout(resolve, 0));
    $rootScope.$digest();
  }
}
