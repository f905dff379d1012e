import type { TransitionService } from '@uirouter/angularjs';
import type { IWindowService } from 'angular';

/**
 * After a page change, focus moves to the page's `<main>`, as it would start from the top of a newly loaded page: a
 * keyboard or screen-reader user lands on the new content, not on the link just followed. The first page of a visit
 * leaves focus where the browser puts it, so Tab starts at the navigation.
 */
export function focusMainRun($transitions: TransitionService, $window: IWindowService): void {
  $transitions.onSuccess({}, (transition) => {
    if (transition.from().name) $window.document.querySelector('main')?.focus();
  });
}
focusMainRun.$inject = ['$transitions', '$window'];
