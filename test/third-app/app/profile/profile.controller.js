(function () {
  'use strict';

  angular.module('app').controller('ProfileController', ProfileController);

  ProfileController.$inject = ['authSession'];

  function ProfileController(authSession) {
    var vm = this;
    vm.profile = null;
    vm.failure = '';

    authSession.userInfo().then(
      function (profile) {
        vm.profile = profile;
      },
      function (error) {
        vm.failure = error.message;
      }
    );
  }
})();
