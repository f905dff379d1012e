import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import { AUTH_MODULE } from '../auth/auth.module';
import { navbarComponent } from './navbar.component';

export default angular.module('app.navbar', [uiRouter, AUTH_MODULE]).component('navbar', navbarComponent).name;
