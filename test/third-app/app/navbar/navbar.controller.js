(function () {
  'use strict';

  angular.module('app').controller('NavbarController', NavbarController);

  NavbarController.$inject = ['$location', 'authSession'];

  function NavbarController($location, authSession) {
    var nav = this;
    nav.session = authSession;
    nav.login = function () {
      authSession.login({ returnTo: $location.url() });
    };
  }
})();
