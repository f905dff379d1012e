import type { IComponentOptions } from 'angular';
import type { AuthService } from '../auth/auth.service';
import { SCOPED_PING, type PingController } from './ping.component';
import template from './ping-secured.html';

/**
 * The part of the ping page that needs a session (state `ping.secured`): the scoped call, offered only when the
 * authorization server reported `read:messages` among the granted scopes (the stored `scope` of its response; the
 * token itself is never decoded for this).
 */
export class PingSecuredController {
  static $inject = ['authService'];

  /** A list of one, so the markup matches the ping page's own. */
  readonly endpoints = [SCOPED_PING];
  /** The ping page this part lives in (`require`), which makes the calls and shows what came back. */
  page!: PingController;

  constructor(private readonly authService: AuthService) {}

  get canCallScoped(): boolean {
    return this.authService.grantedScopes().includes('read:messages');
  }
}

export const pingSecuredComponent: IComponentOptions = {
  controller: PingSecuredController,
  template,
  require: { page: '^^ping' },
};
