import type { UrlRouterProvider } from '@uirouter/angularjs';
import type { ILocationProvider } from 'angular';

/**
 * App-wide routing: real paths (`/ping`, `/callback`) rather than `#!/ping`, because the authorization server
 * redirects to `/callback` and puts the tokens in the fragment; any unknown path goes home. Deep links survive a
 * reload because the server answers every path with index.html and `<base href="/">` anchors relative URLs.
 */
export function appRouting($locationProvider: ILocationProvider, $urlRouterProvider: UrlRouterProvider): void {
  $locationProvider.html5Mode(true);
  $urlRouterProvider.otherwise('/');
}
appRouting.$inject = ['$locationProvider', '$urlRouterProvider'];
