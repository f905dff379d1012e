import angular from 'angular';
import { APP_CONFIG } from './app-config.constant';
import { productionConfig } from './production.config';

/**
 * Build-time settings: `appConfig` for the pages (the API's URL, the login flow's name, the origin the app is
 * registered at); main.ts hands the session module its own part. Specs replace it with `provideAppConfig()` from
 * testing/.
 */
export default angular.module('app.config', []).constant('appConfig', APP_CONFIG).config(productionConfig).name;
