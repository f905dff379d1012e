/**
 * Each dependency's own minified build, as its authors publish it for a <script> tag: one candidate for the floor.
 * These are file names, not figures: their sizes are measured in every run. A dependency missing here is measured
 * only as bundled by itself.
 */
export const PUBLISHED_MINIFIED: Record<string, string[]> = {
  angular: ['angular/angular.min.js'],
  // The full router for AngularJS, @uirouter/core included.
  '@uirouter/angularjs': ['@uirouter/angularjs/release/angular-ui-router.min.js'],
  'auth0-js': ['auth0-js/dist/auth0.min.esm.js'],
  'angular-jwt': ['angular-jwt/dist/angular-jwt.min.js'],
  'angular-auth0': ['angular-auth0/dist/angular-auth0.min.js'],
};
