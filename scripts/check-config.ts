/**
 * `npm run check-config`: checks the configuration `npm start` would use (environment and .env) and says, one line
 * each, what is wrong and which variable or Auth0 dashboard setting fixes it. With AUTH0_DOMAIN set it also asks the
 * tenant for its discovery document and signing keys, within a few seconds.
 *
 * Exit status 0 when the quickstart can run (warnings allowed), 1 on any problem. An unreachable tenant is a
 * problem here, since nothing about it could be confirmed; `npm start` only warns about it.
 */
import { summaryLines } from '../src/config/check-report';
import { checkedConfigurationOrExit } from '../src/config/startup';

const LABEL = 'check-config';

const check = await checkedConfigurationOrExit(LABEL, {
  closingLine: (count) =>
    `${count === 1 ? '1 problem found; fix it' : `${count} problems found; fix them`} and run npm run check-config again.`,
});
console.log(summaryLines(LABEL, check.env, check).join('\n'));
// A DNS lookup abandoned at the time limit may still be pending; it must not keep the process alive.
process.exit(0);
