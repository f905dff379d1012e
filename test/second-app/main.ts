/**
 * A second AngularJS app, not this quickstart: one module, one page (Log in, Secured ping, Log out), AngularJS's
 * default hash URLs (`#!/...`) and its own callback path, the app's page itself. It uses src/spa/auth exactly as a
 * developer who copied the folder would: one configuration value, read here from the page, and the module's public
 * services. If this app has to reach around the module for anything, the module is not standalone.
 */
import angular, { type IComponentOptions, type IHttpService, type ILocationService } from 'angular';
import { authModule } from '../../src/spa/auth/auth.module';
import type { AuthConfig } from '../../src/spa/auth/auth-config';
import type { AuthService } from '../../src/spa/auth/auth.service';

/** The page carries its configuration as JSON, written by whoever serves it: no build step reads the environment. */
const config = JSON.parse(document.getElementById('config')?.textContent ?? '{}') as AuthConfig;

class SecondAppController {
  static $inject = ['$http', '$location', 'authService'];

  answer = '';

  constructor(
    private readonly $http: IHttpService,
    private readonly $location: ILocationService,
    readonly auth: AuthService
  ) {}

  logIn(): void {
    void this.auth.login({ returnTo: this.$location.url() });
  }

  ping(): void {
    this.$http.get<{ message: string }>(`${config.apiUrl}/api/private`).then(
      (response) => (this.answer = `${response.status}: ${response.data.message}`),
      (response: { status: number }) => (this.answer = `refused: ${response.status}`)
    );
  }

  logOut(): void {
    void this.auth.logout();
  }
}

const page: IComponentOptions = {
  controller: SecondAppController,
  template: `
    <p class="who">{{ $ctrl.auth.isAuthenticated() ? 'Logged in as ' + $ctrl.auth.user.name : 'Not logged in' }}</p>
    <p class="completion" ng-if="$ctrl.auth.completion.state !== 'none'">{{ $ctrl.auth.completion.state }}
      {{ $ctrl.auth.completion.message }}</p>
    <button ng-if="!$ctrl.auth.isAuthenticated()" ng-click="$ctrl.logIn()">Log in</button>
    <button ng-click="$ctrl.ping()">Secured ping</button>
    <button ng-if="$ctrl.auth.isAuthenticated()" ng-click="$ctrl.logOut()">Log out</button>
    <p class="answer">{{ $ctrl.answer }}</p>`,
};

angular.module('secondApp', [authModule(config)]).component('secondApp', page);
angular.bootstrap(document, ['secondApp'], { strictDi: true });
