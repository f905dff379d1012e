(function () {
  'use strict';

  angular.module('app').controller('CallbackController', CallbackController);

  CallbackController.$inject = ['authSession'];

  // The session module completes the login as the app starts here: this page only says how it goes.
  function CallbackController(authSession) {
    var vm = this;
    vm.session = authSession;
  }
})();
