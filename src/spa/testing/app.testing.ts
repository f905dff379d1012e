import angular from 'angular';
import type { LoginError } from '../auth/auth-error';
import type { AuthService } from '../auth/auth.service';
import type { SessionNotice } from '../auth/session-notice.service';
import type { AppConfig } from '../config/app-config';
import { provideAppConfig, TEST_APP_CONFIG } from './app-config.testing';
import { fakeWebAuth, provideAuth0, type FakeWebAuth } from './auth0.testing';
import { fakeBrowser, settleNative, type FakeBrowser } from './browser.testing';

/** One started app (or feature) with its fakes: auth0-js, the browser's address bar and clock, and the services. */
export interface SpecApp {
  injector: angular.auto.IInjectorService;
  webAuth: FakeWebAuth;
  browser: FakeBrowser;
  authService: AuthService;
  notice: SessionNotice;
  $rootScope: angular.IRootScopeService;
  $timeout: angular.ITimeoutService;
  $httpBackend: angular.IHttpBackendService;
  $location: angular.ILocationService;
  /** Lets native promises settle and runs the digests waiting for them (see settleNative). */
  settle(rounds?: number): Promise<void>;
  /**
   * Settles as `settle` does until `done()` holds, for at most `maxRounds` rounds (Web Crypto's pace differs between
   * browsers); a spec expecting nothing to happen then waits the whole bound.
   */
  settleUntil(done: () => boolean, maxRounds?: number): Promise<void>;
  /** Moves both clocks a renewal reads: AngularJS's mocked timers and the monotonic clock. */
  elapse(ms: number): void;
  /** Fails unless no AngularJS timer is planned (pending digests do not count). */
  verifyNoTimers(): void;
  /** Compiles `html` into a new scope and digests it. */
  render(html: string): HTMLElement;
}

/**
 * Starts `featureModule` the way a page load does, opened at `url`, with the configuration `config` changes (the
 * code flow unless it says `flow: 'implicit'`), auth0-js replaced by a fake and the address bar by fakeBrowser's.
 * Storage is whatever the spec prepared before.
 */
export function startSpecApp(
  featureModule: string,
  options: { url?: string; config?: Partial<AppConfig>; navigator?: Partial<Navigator> } = {}
): SpecApp {
  const webAuth = fakeWebAuth();
  const browser = fakeBrowser({ url: options.url, navigator: options.navigator });
  angular.mock.module(
    browser.module,
    provideAppConfig({ ...TEST_APP_CONFIG, ...options.config }),
    featureModule,
    provideAuth0(webAuth)
  );
  let injector!: angular.auto.IInjectorService;
  angular.mock.inject([
    '$injector',
    ($injector: angular.auto.IInjectorService) => {
      injector = $injector;
    },
  ]);
  const $rootScope = injector.get<angular.IRootScopeService>('$rootScope');
  const $timeout = injector.get<angular.ITimeoutService>('$timeout');
  return {
    injector,
    webAuth,
    browser,
    authService: injector.get<AuthService>('authService'),
    notice: injector.get<SessionNotice>('sessionNotice'),
    $rootScope,
    $timeout,
    $httpBackend: injector.get<angular.IHttpBackendService>('$httpBackend'),
    $location: injector.get<angular.ILocationService>('$location'),
    settle: (rounds?: number) => settleNative(injector, rounds),
    async settleUntil(done: () => boolean, maxRounds = 200) {
      for (let round = 0; round < maxRounds && !done(); round++) await settleNative(injector, 1);
    },
    elapse(ms: number) {
      browser.clock.advance(ms);
      $timeout.flush(ms);
    },
    verifyNoTimers() {
      injector.get<(type?: string) => void>('$verifyNoPendingTasks')('$timeout');
    },
    render(html: string) {
      const element = injector.get<angular.ICompileService>('$compile')(html)($rootScope.$new());
      $rootScope.$digest();
      return element[0];
    },
  };
}

/** What `authService.handleCallback()` came to after one digest: resolved, rejected with an error, or neither yet. */
export function finishCallback(app: SpecApp): { resolved: boolean; error?: LoginError } {
  const outcome: { resolved: boolean; error?: LoginError } = { resolved: false };
  app.authService.handleCallback().then(
    () => (outcome.resolved = true),
    (error: LoginError) => (outcome.error = error)
  );
  app.$rootScope.$digest();
  return outcome;
}

/** The button named `name`, or an error naming what was there instead. */
export function button(page: Element, name: string): HTMLButtonElement {
  const buttons = Array.from(page.querySelectorAll('button'));
  const found = buttons.find((candidate) => candidate.textContent?.trim() === name);
  if (!found) throw new Error(`no button "${name}" among ${JSON.stringify(buttons.map((b) => b.textContent?.trim()))}`);
  return found;
}

/** The names of the buttons in `page`, in order. */
export function buttonNames(page: Element): string[] {
  return Array.from(page.querySelectorAll('button')).map((b) => b.textContent?.trim() ?? '');
}
