import type { AppConfig } from './app-config';

/** The build's configuration, frozen so no code can change where tokens go at run time. */
export const APP_CONFIG: Readonly<AppConfig> = Object.freeze(__APP_CONFIG__);
