import angular from 'angular';
import { APP_CONFIG } from './app-config.constant';
import { productionConfig } from './production.config';

/**
 * Build-time settings. `appConfig` is a constant so config blocks (auth0, angular-jwt) can read it; specs replace it
 * with `provideAppConfig()` from testing/.
 */
export default angular.module('app.config', []).constant('appConfig', APP_CONFIG).config(productionConfig).name;
