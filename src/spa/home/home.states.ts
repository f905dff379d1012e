import type { Ng1StateDeclaration } from '@uirouter/angularjs';

/** `/`: where the app starts, where a login ends, and where unknown paths lead. */
export const homeState: Ng1StateDeclaration = { name: 'home', url: '/', component: 'home' };
