import '../testing/setup';
import angular from 'angular';
import { provideAppConfig } from '../testing/app-config.testing';
import { fakeAngularAuth0, type FakeAngularAuth0 } from '../testing/auth0.testing';
import { clearSession, storeSession } from '../testing/session.testing';
import homeModule from './home.module';

describe('the home page', () => {
  let angularAuth0: FakeAngularAuth0;
  let $rootScope: angular.IRootScopeService;
  let page: HTMLElement;

  function render(): void {
    angularAuth0 = fakeAngularAuth0();
    angular.mock.module(provideAppConfig(), homeModule, { angularAuth0 });
    angular.mock.inject([
      '$compile',
      '$rootScope',
      ($compile: angular.ICompileService, rootScope: angular.IRootScopeService) => {
        $rootScope = rootScope;
        page = $compile('<home></home>')($rootScope.$new())[0];
        $rootScope.$digest();
      },
    ]);
  }

  beforeEach(clearSession);
  afterEach(clearSession);

  const lead = () => page.querySelector('.lead')?.textContent?.trim();

  it('says you are logged in with a valid session, and when the token expires', () => {
    storeSession();
    render();

    expect(lead()).toBe('You are logged in.');
    expect(page.querySelector('time')?.textContent).toBeTruthy();
  });

  it('says you are not logged in without one', () => {
    render();

    expect(lead()).toBe('You are not logged in.');
  });

  it('says it is checking, not that you are logged out, while expired tokens are being renewed', () => {
    storeSession({ expiresAt: Date.now() - 1 });
    render();

    expect(lead()).toBe('Checking your session…');
    expect(page.textContent).not.toContain('You are not logged in.');

    $rootScope.$apply(() =>
      angularAuth0.checkSession.calls.mostRecent().args[1]({ error: 'login_required' }, null as never)
    );

    expect(lead()).toBe('You are not logged in.');
  });
});
