/* global document */
/**
 * The floor for the app's first view: the least an AngularJS 1.x + ui-router app does before it shows a page, built
 * by bench/run.ts with the app's own webpack config (same mode, terser settings, angular.min.js, deferred script) and
 * its stylesheet, so the only difference left is the app's own code and auth0-js.
 *
 * One static state at `/`, real paths as the app has them, and AngularJS's production switches as the app sets them
 * (src/spa/config/production.config.ts, src/spa/main.ts). The benchmark waits for MINIMAL_APP_TEXT (bench/run.ts),
 * so the text is written the same in both places.
 */
import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import '../../../src/spa/styles.css';

function routing($locationProvider, $urlRouterProvider, $stateProvider) {
  $locationProvider.html5Mode(true);
  $urlRouterProvider.otherwise('/');
  $stateProvider.state('home', { url: '/', template: '<h1>Home</h1><p>The minimal app rendered its first view.</p>' });
}
routing.$inject = ['$locationProvider', '$urlRouterProvider', '$stateProvider'];

function productionSwitches($compileProvider) {
  $compileProvider.debugInfoEnabled(false);
  $compileProvider.commentDirectivesEnabled(false);
  $compileProvider.cssClassDirectivesEnabled(false);
}
productionSwitches.$inject = ['$compileProvider'];

const minimalApp = angular.module('minimalApp', [uiRouter]).config(routing).config(productionSwitches).name;

angular.bootstrap(document, [minimalApp], { strictDi: true });
