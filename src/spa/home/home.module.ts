import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import authModule from '../auth/auth.module';
import { registerStates } from '../routing/register-states';
import { homeComponent } from './home.component';
import { homeState } from './home.states';

export default angular
  .module('app.home', [uiRouter, authModule])
  .component('home', homeComponent)
  .config(registerStates(homeState)).name;
