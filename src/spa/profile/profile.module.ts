import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import { AUTH_MODULE } from '../auth/auth.module';
import { registerStates } from '../routing/register-states';
import routingModule from '../routing/routing.module';
import { profileComponent } from './profile.component';
import { profileState } from './profile.states';

export default angular
  .module('app.profile', [uiRouter, AUTH_MODULE, routingModule])
  .component('profile', profileComponent)
  .config(registerStates(profileState)).name;
