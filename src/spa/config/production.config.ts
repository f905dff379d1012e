import type { ICompileProvider } from 'angular';

/**
 * AngularJS's production switches (its production guide): no debug data on the DOM, and no directives hidden in
 * comments or class names, which also shrinks what injected markup could trigger. Development builds keep debug info
 * so Batarang-style tools and `angular.element().scope()` work.
 */
export function productionConfig($compileProvider: ICompileProvider): void {
  if (!__PRODUCTION__) return;
  $compileProvider.debugInfoEnabled(false);
  $compileProvider.commentDirectivesEnabled(false);
  $compileProvider.cssClassDirectivesEnabled(false);
}
productionConfig.$inject = ['$compileProvider'];
