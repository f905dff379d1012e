import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import { focusMainRun } from './focus-main.run';

/** App-wide routing behaviour: focus moves to the new page after each page change. */
export default angular.module('app.routing', [uiRouter]).run(focusMainRun).name;
