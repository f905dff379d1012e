import angular from 'angular';
import { authModule } from '../auth/auth.module';
import type { AuthService, LoginCompletion } from '../auth/auth.service';
import type { SessionNotice } from '../auth/session-notice.service';
import { authConfigFrom, type AppConfig } from '../config/app-config';
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
  /** Answers the revocations asked for so far and says which refresh tokens they revoked, in order; once each. */
  revokedTokens(): string[];
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
  const config = { ...TEST_APP_CONFIG, ...options.config };
  // The session module, configured for this spec as main.ts configures it for the app.
  authModule(authConfigFrom(config));
  angular.mock.module(browser.module, provideAppConfig(config), featureModule, provideAuth0(webAuth));
  let injector!: angular.auto.IInjectorService;
  angular.mock.inject([
    '$injector',
    ($injector: angular.auto.IInjectorService) => {
      injector = $injector;
    },
  ]);
  const $rootScope = injector.get<angular.IRootScopeService>('$rootScope');
  const $timeout = injector.get<angular.ITimeoutService>('$timeout');
  const $httpBackend = injector.get<angular.IHttpBackendService>('$httpBackend');
  // A session that ends revokes its refresh token: the server accepts it unless a spec expects otherwise.
  const revocations: string[] = [];
  $httpBackend.whenPOST(`${config.domain}/oauth/revoke`, (body: string) => revocations.push(body) > 0).respond(200, '');
  return {
    injector,
    webAuth,
    browser,
    authService: injector.get<AuthService>('authService'),
    notice: injector.get<SessionNotice>('sessionNotice'),
    $rootScope,
    $timeout,
    $httpBackend,
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
    revokedTokens() {
      if (revocations.length > 0) $httpBackend.flush();
      return revocations.splice(0).map((body) => new URLSearchParams(body).get('token') ?? '');
    },
    render(html: string) {
      const element = injector.get<angular.ICompileService>('$compile')(html)($rootScope.$new());
      $rootScope.$digest();
      return element[0];
    },
  };
}

/**
 * How the login response the page was opened with came out, once it has run as far as the answers given so far let
 * it: `none` once complete, `failed` with the sentence for the user, or still `completing`.
 */
export async function loginCompletion(app: SpecApp): Promise<LoginCompletion> {
  await app.settle();
  return app.authService.completion;
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
