import '../testing/setup';
import angular from 'angular';
import type { JwtOptionsProvider } from 'angular-jwt';
import { fakeBrowser } from '../testing/browser.testing';
import { clearSession } from '../testing/session.testing';
import authSession, { type AuthSessionConfig, type AuthSessionProvider } from './index';

/**
 * The module in a host's one flat injector (AngularJS keeps the last registration of a name, without a word): what
 * an app built from the original quickstart still does that would take the session's place stops the app at
 * start-up, with one sentence naming the conflict and what to remove.
 */
describe('the authSession module in a host app', () => {
  const config: AuthSessionConfig = {
    domain: 'http://localhost:4000',
    clientId: 'spec-client',
    audience: 'urn:spec:api',
    apiUrl: 'http://localhost:3001',
    scope: 'openid profile',
  };
  let hosts = 0;

  /** A host module depending on the session module, set up by `setUp` (a config block, with strict DI). */
  function host(setUp: Array<string | ((...args: never[]) => void)>, ...more: string[]): string {
    const name = `spec.host.${++hosts}`;
    angular.module(name, [authSession, ...more]).config(setUp);
    return name;
  }

  const configure = ['authSessionProvider', (provider: AuthSessionProvider) => provider.configure(config)];

  /** Starts the host as a page load would; the error it stops with, or null. */
  function start(hostModule: string, extra: (string | Array<unknown>)[] = []): Error | null {
    angular.mock.module(fakeBrowser().module, hostModule, ...(extra as string[]));
    try {
      angular.mock.inject(['authSession', () => undefined]);
      return null;
    } catch (error) {
      return error as Error;
    }
  }

  beforeEach(clearSession);
  afterEach(clearSession);

  it('starts a host that configures it once and registers nothing of its own under its names', () => {
    expect(start(host(configure))).toBeNull();
  });

  it("stops a host that configures angular-jwt after it, naming the call to remove (the original's tokenGetter)", () => {
    const error = start(
      host([
        'authSessionProvider',
        'jwtOptionsProvider',
        (provider: AuthSessionProvider, jwtOptionsProvider: JwtOptionsProvider) => {
          provider.configure(config);
          jwtOptionsProvider.config({
            tokenGetter: () => localStorage.getItem('access_token'),
            whiteListedDomains: ['localhost'],
          });
        },
      ])
    );

    expect(error?.message).toContain(
      'authSession: angular-jwt is configured by the authSession module, which sends the access token to apiUrl ' +
        'only: remove your jwtOptionsProvider.config(...) call.'
    );
  });

  it('stops a host that configures angular-jwt before it, too: the token getter would be silently replaced', () => {
    const error = start(
      host([
        'jwtOptionsProvider',
        'authSessionProvider',
        (jwtOptionsProvider: JwtOptionsProvider, provider: AuthSessionProvider) => {
          jwtOptionsProvider.config({ whiteListedDomains: ['localhost'] });
          provider.configure(config);
        },
      ])
    );

    expect(error?.message).toContain('remove your jwtOptionsProvider.config(...) call.');
  });

  it('stops a host that registers a service of its own under the name the module uses', () => {
    const mine = `spec.host.${++hosts}.services`;
    angular.module(mine, []).factory('authSession', () => ({ isLoggedIn: false }));

    const error = start(host(configure), [mine]);

    expect(error?.message).toBe(
      "authSession: the app registers a service of its own named 'authSession', which replaces the authSession " +
        "module's session: rename yours (every name the module registers or stores starts with 'authSession')."
    );
  });

  it("stops a host that still adds angular-jwt's interceptor itself", () => {
    const error = start(
      host([
        'authSessionProvider',
        '$httpProvider',
        (provider: AuthSessionProvider, $httpProvider: angular.IHttpProvider) => {
          provider.configure(config);
          $httpProvider.interceptors.push('jwtInterceptor');
        },
      ])
    );

    expect(error?.message).toContain("remove your $httpProvider.interceptors.push('jwtInterceptor').");
  });

  it('stops a host that still loads angular-auth0 itself, whose init() would fight the module over auth0-js', () => {
    const error = start(host(configure, 'auth0.auth0'));

    expect(error?.message).toContain(
      "the app loads angular-auth0 itself ('auth0.auth0' among its modules' dependencies)"
    );
  });

  it('stops a host that never configures it, saying where to', () => {
    const error = start(host([() => undefined]));

    expect(error?.message).toBe(
      'authSession: the module is not configured: call authSessionProvider.configure({ ... }) in a config block of your app.'
    );
  });

  it('stops a host that configures it twice', () => {
    const error = start(
      host([
        'authSessionProvider',
        (provider: AuthSessionProvider) => [config, config].forEach((value) => provider.configure(value)),
      ])
    );

    expect(error?.message).toContain('authSession: authSessionProvider.configure() is called twice: call it once.');
  });

  it('stops a host whose configuration has a mistake, naming it', () => {
    const error = start(
      host(['authSessionProvider', (provider: AuthSessionProvider) => provider.configure({ ...config, apiUrl: '' })])
    );

    expect(error?.message).toContain('authSessionProvider.configure(): apiUrl is required.');
  });

  it('hands the host the documented members and nothing of the plumbing', () => {
    angular.mock.module(fakeBrowser().module, host(configure));
    let injected: object = {};
    angular.mock.inject(['authSession', (session: object) => (injected = session)]);

    expect(Object.keys(injected).sort()).toEqual([
      'completion',
      'dismissNotice',
      'isAuthenticated',
      'loggedOut',
      'login',
      'logout',
      'notice',
      'renewing',
      'user',
      'userInfo',
    ]);
    expect(Object.isFrozen(injected)).toBeTrue();
  });
});
