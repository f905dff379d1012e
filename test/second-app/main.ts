/**
 * A second AngularJS app, not this quickstart: one module, one page (Log in, Secured ping, Log out), AngularJS's
 * default hash URLs (`#!/...`) and its own callback path, the app's page itself. It is a TypeScript host with a
 * bundler, and uses the session module as such a host does: the built ES module and its types
 * (`npm run build:session`), never the module's sources; one configuration value, read here from the page; the
 * documented `authSession`. If this app has to reach around the module for anything, the module is not standalone.
 */
import angular, { type IComponentOptions, type IHttpService, type ILocationService } from 'angular';
import authSession, { type AuthSession, type AuthSessionConfig, type AuthSessionProvider } from 'angular-auth-session';

/** The page carries its configuration as JSON, written by whoever serves it: no build step reads the environment. */
const config = JSON.parse(document.getElementById('config')?.textContent ?? '{}') as AuthSessionConfig;

class SecondAppController {
  static $inject = ['$http', '$location', 'authSession'];

  answer = '';

  constructor(
    private readonly $http: IHttpService,
    private readonly $location: ILocationService,
    readonly auth: AuthSession
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

function configureSession(authSessionProvider: AuthSessionProvider): void {
  authSessionProvider.configure(config);
}
configureSession.$inject = ['authSessionProvider'];

angular.module('secondApp', [authSession]).config(configureSession).component('secondApp', page);
angular.bootstrap(document, ['secondApp'], { strictDi: true });
