(function () {
  'use strict';

  angular.module('app').controller('PingController', PingController);

  PingController.$inject = ['$http', 'authSession'];

  function PingController($http, authSession) {
    var vm = this;
    vm.session = authSession;
    vm.message = '';

    // angular-jwt's interceptor adds the access token: the call is a plain $http.get.
    vm.securedPing = function () {
      vm.message = '';
      $http.get(API_URL + '/api/private').then(
        function (result) {
          vm.message = result.data.message;
        },
        function (error) {
          vm.message = 'The API refused the call (' + error.status + ').';
        }
      );
    };
  }
})();
