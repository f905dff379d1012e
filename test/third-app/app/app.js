(function () {
  'use strict';

  angular.module('app', ['authSession', 'ui.router']).config(config);

  config.$inject = ['$stateProvider', '$locationProvider', '$urlRouterProvider', 'authSessionProvider'];

  function config($stateProvider, $locationProvider, $urlRouterProvider, authSessionProvider) {
    $stateProvider
      .state('home', {
        url: '/',
        controller: 'HomeController',
        templateUrl: 'app/home/home.html',
        controllerAs: 'vm',
      })
      .state('callback', {
        url: '/callback',
        controller: 'CallbackController',
        templateUrl: 'app/callback/callback.html',
        controllerAs: 'vm',
      })
      .state('ping', {
        url: '/ping',
        controller: 'PingController',
        templateUrl: 'app/ping/ping.html',
        controllerAs: 'vm',
      })
      .state('profile', {
        url: '/profile',
        controller: 'ProfileController',
        templateUrl: 'app/profile/profile.html',
        controllerAs: 'vm',
        // The session module sends a visitor without a session home, with a notice offering to log in.
        data: { requiresAuth: true },
      });

    // What angularAuth0Provider.init() and jwtOptionsProvider.config() were given, in one place.
    authSessionProvider.configure({
      domain: AUTH0_DOMAIN,
      clientId: AUTH0_CLIENT_ID,
      audience: AUTH0_AUDIENCE,
      apiUrl: API_URL,
      scope: 'openid profile read:messages',
    });

    $urlRouterProvider.otherwise('/');
    $locationProvider.hashPrefix('');
    $locationProvider.html5Mode(true);
  }
})();
