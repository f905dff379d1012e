(function () {
  'use strict';

  angular.module('app').controller('HomeController', HomeController);

  HomeController.$inject = ['authSession'];

  function HomeController(authSession) {
    var vm = this;
    vm.session = authSession;
  }
})();
