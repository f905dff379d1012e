import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import authModule from '../auth/auth.module';
import { navbarComponent } from './navbar.component';

export default angular.module('app.navbar', [uiRouter, authModule]).component('navbar', navbarComponent).name;
