// bench/api-figures.ts reads the project's root from here; the helper is test/support/processes.ts's.
export { projectRoot } from '../../test/support/processes';
