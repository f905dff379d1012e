import angular from 'angular';
import type { AppConfig } from '../config/app-config';
import configModule from '../config/config.module';

/** Local mode as the specs see it: the API and the authorization server on their own localhost ports. */
export const TEST_APP_CONFIG: Readonly<AppConfig> = Object.freeze({
  domain: 'http://localhost:4000',
  clientId: 'spa-spec-client',
  audience: 'urn:spec:api',
  apiUrl: 'http://localhost:3001',
  appOrigin: window.location.origin,
  flow: 'code',
  dpop: false,
});

let modules = 0;

/**
 * A module to load before the feature under test: it replaces the `appConfig` constant after app.config has set it
 * and before any feature's config block reads it. (A `{ appConfig: ... }` object given to `angular.mock.module` would
 * register a value, which cannot override a constant.)
 */
export function provideAppConfig(config: AppConfig = TEST_APP_CONFIG): string {
  const name = `spec.appConfig${++modules}`;
  angular.module(name, [configModule]).config([
    '$provide',
    ($provide: angular.auto.IProvideService) => {
      $provide.constant('appConfig', config);
    },
  ]);
  return name;
}
