import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import authSession from '../auth';
import configModule from '../config/config.module';
import { registerStates } from '../routing/register-states';
import { homeComponent } from './home.component';
import { homeState } from './home.states';

export default angular
  .module('app.home', [uiRouter, authSession, configModule])
  .component('home', homeComponent)
  .config(registerStates(homeState)).name;
