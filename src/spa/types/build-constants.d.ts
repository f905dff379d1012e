/** Values written into the bundle by webpack's DefinePlugin; see webpack.config.js and karma.conf.js. */
declare const __APP_CONFIG__: import('../config/app-config').AppConfig;
declare const __PRODUCTION__: boolean;
