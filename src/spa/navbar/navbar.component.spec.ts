import '../testing/setup';
import angular from 'angular';
import type { AuthService } from '../auth/auth.service';
import { provideAppConfig } from '../testing/app-config.testing';
import appModule from '../app.module';

describe('the navbar', () => {
  let authService: jasmine.SpyObj<Pick<AuthService, 'isAuthenticated' | 'getAccessToken' | 'login' | 'logout'>>;
  let page: HTMLElement;
  let $rootScope: angular.IRootScopeService;

  beforeEach(() => {
    authService = jasmine.createSpyObj('authService', ['isAuthenticated', 'getAccessToken', 'login', 'logout']);
    authService.isAuthenticated.and.returnValue(false);
    authService.getAccessToken.and.returnValue(null);
    // The whole app, so the links resolve against the states the other features register.
    angular.mock.module(provideAppConfig(), appModule, { authService });
    angular.mock.inject([
      '$compile',
      '$rootScope',
      ($compile: angular.ICompileService, rootScope: angular.IRootScopeService) => {
        $rootScope = rootScope;
        page = $compile('<navbar></navbar>')($rootScope.$new())[0];
        $rootScope.$digest();
      },
    ]);
  });

  const buttons = () => Array.from(page.querySelectorAll('button')).map((b) => b.textContent?.trim());

  it('links to Home and Ping', () => {
    const links = Array.from(page.querySelectorAll('a')).map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['Home', '/'],
      ['Ping', '/ping'],
    ]);
  });

  it('offers Log in when logged out, and starts a login', () => {
    expect(buttons()).toEqual(['Log in']);

    page.querySelector('button')?.click();

    expect(authService.login).toHaveBeenCalledTimes(1);
  });

  it('offers Log out when logged in, and ends the session', () => {
    authService.isAuthenticated.and.returnValue(true);
    $rootScope.$digest();
    expect(buttons()).toEqual(['Log out']);

    page.querySelector('button')?.click();

    expect(authService.logout).toHaveBeenCalledTimes(1);
  });
});
