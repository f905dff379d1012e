import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import authSession from '../auth';
import { registerStates } from '../routing/register-states';
import { profileComponent } from './profile.component';
import { profileState } from './profile.states';

export default angular
  .module('app.profile', [uiRouter, authSession])
  .component('profile', profileComponent)
  .config(registerStates(profileState)).name;
