import angular from 'angular';
import type { AuthorizeUrlOptions } from 'auth0-js';
import type { AuthSession, AuthSessionConfig, AuthSessionProvider, LoginCompletion } from '../auth';
import type { Auth0Loader } from '../auth/auth0-loader';
import { sessionBehind } from '../auth/public-surface';
import type { Session } from '../auth/session';
import { authConfigFrom, type AppConfig } from '../config/app-config';
import { provideAppConfig, TEST_APP_CONFIG } from './app-config.testing';
import { useAuth0Client } from './angular-auth0.fake';
import { fakeWebAuth, type FakeWebAuth } from './auth0.testing';
import { fakeBrowser, settleNative, type FakeBrowser } from './browser.testing';
import { returnToOfLogin } from './session.testing';

/** One started app (or feature) with its fakes: auth0-js, the browser's address bar and clock, and the services. */
export interface SpecApp {
  injector: angular.auto.IInjectorService;
  webAuth: FakeWebAuth;
  browser: FakeBrowser;
  /** What the app injects as `authSession`. */
  session: AuthSession;
  /** The session behind it, for specs of the module's own parts (renewal, the token getter, endings). */
  core: Session;
  /** Where the session gets auth0-js from (the real loader, loading the fake angular-auth0). */
  loader: Auth0Loader;
  /** The authorization server's discovery document, as the fake server answers it (a spec may change it). */
  discovery: Record<string, unknown>;
  $rootScope: angular.IRootScopeService;
  $timeout: angular.ITimeoutService;
  $httpBackend: angular.IHttpBackendService;
  $location: angular.ILocationService;
  /**
   * Lets native promises settle and runs the digests waiting for them (see settleNative); requests the fake
   * authorization server answers (discovery, revocation) are answered along the way.
   */
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
  /** Where the latest login this page started will come back to; undefined when none was started. */
  returnTarget(): Promise<string | undefined>;
  /** What a tab sees when another tab wrote the session: the storage event, and the session following it. */
  storageChanged(key?: string | null): void;
}

/**
 * Starts `featureModule` the way a page load does, opened at `url`, with the configuration `config` changes (the
 * code flow unless it says `flow: 'implicit'`), auth0-js replaced by a fake and the address bar by fakeBrowser's.
 * The session module is configured as main.ts configures it, changed by `session`. Storage is whatever the spec
 * prepared before.
 */
export function startSpecApp(
  featureModule: string,
  options: {
    url?: string;
    config?: Partial<AppConfig>;
    session?: Partial<AuthSessionConfig>;
    navigator?: Partial<Navigator>;
  } = {}
): SpecApp {
  const webAuth = fakeWebAuth();
  useAuth0Client(webAuth);
  const browser = fakeBrowser({ url: options.url, navigator: options.navigator });
  const config = { ...TEST_APP_CONFIG, ...options.config };
  const configureSession = [
    'authSessionProvider',
    (provider: AuthSessionProvider) => provider.configure({ ...authConfigFrom(config), ...options.session }),
  ];
  angular.mock.module(browser.module, provideAppConfig(config), featureModule, configureSession);
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
  const discovery: Record<string, unknown> = { issuer: `${config.domain}/` };
  $httpBackend.whenGET(`${config.domain}/.well-known/openid-configuration`).respond(() => [200, discovery]);
  const flushed = () => {
    try {
      $httpBackend.flush();
    } catch (error) {
      if (!/No pending request to flush/.test(String(error))) throw error;
    }
  };
  const session = injector.get<AuthSession>('authSession');
  const core = sessionBehind(session) as Session;
  const settle = async (rounds = 8) => {
    for (let round = 0; round < rounds; round++) {
      await settleNative(injector, 1);
      flushed();
    }
  };
  return {
    injector,
    webAuth,
    browser,
    session,
    core,
    loader: (core as unknown as { auth0: Auth0Loader }).auth0,
    discovery,
    $rootScope,
    $timeout,
    $httpBackend,
    $location: injector.get<angular.ILocationService>('$location'),
    settle,
    async settleUntil(done: () => boolean, maxRounds = 200) {
      for (let round = 0; round < maxRounds && !done(); round++) await settle(1);
    },
    elapse(ms: number) {
      browser.clock.advance(ms);
      $timeout.flush(ms);
    },
    verifyNoTimers() {
      injector.get<(type?: string) => void>('$verifyNoPendingTasks')('$timeout');
    },
    storageChanged(key: string | null = 'authSession') {
      window.dispatchEvent(new StorageEvent('storage', { key, storageArea: window.localStorage }));
      $timeout.flush(0);
    },
    async returnTarget() {
      await this.settleUntil(() => webAuth.client.buildAuthorizeUrl.calls.any());
      const url = webAuth.client.buildAuthorizeUrl.calls.mostRecent()?.args[0] as AuthorizeUrlOptions | undefined;
      return url && returnToOfLogin(url.state);
    },
    revokedTokens() {
      flushed();
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
  return app.session.completion;
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
