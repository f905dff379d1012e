import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import authModule from '../auth/auth.module';
import { registerStates } from '../routing/register-states';
import routingModule from '../routing/routing.module';
import { profileComponent } from './profile.component';
import { profileState } from './profile.states';
import { UserInfoService } from './userinfo.service';

export default angular
  .module('app.profile', [uiRouter, authModule, routingModule])
  .service('userInfo', UserInfoService)
  .component('profile', profileComponent)
  .config(registerStates(profileState)).name;
