import type { Ng1StateDeclaration } from '@uirouter/angularjs';

/** `/callback`: the redirect URI registered with the authorization server. */
export const callbackState: Ng1StateDeclaration = { name: 'callback', url: '/callback', component: 'callback' };
