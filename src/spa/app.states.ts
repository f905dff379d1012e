import type { UrlRouterProvider } from '@uirouter/angularjs';
import type { ILocationProvider } from 'angular';

/**
 * App-wide routing: real paths (`/ping`, `/callback`) rather than `#!/ping`: the authorization server sends the browser
 * back to `/callback`, with the login response in the query (or, in the implicit flow, in the fragment, where `#!/`
 * URLs live too), which the session module takes out of the address bar before the router reads it. Any unknown path
 * goes home. Deep links survive a reload because the server answers every path with index.html and `<base href="/">`
 * anchors relative URLs.
 */
export function appRouting($locationProvider: ILocationProvider, $urlRouterProvider: UrlRouterProvider): void {
  $locationProvider.html5Mode(true);
  $urlRouterProvider.otherwise('/');
}
appRouting.$inject = ['$locationProvider', '$urlRouterProvider'];
