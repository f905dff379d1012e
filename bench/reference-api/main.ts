/**
 * Starts the reference API (./app.ts) on localhost for `npm run bench:api`. Settings from the environment:
 * REFERENCE_API_PORT, AUTH0_AUDIENCE, ISSUER_BASE_URL and APP_ORIGIN, all required; a missing one is one line and
 * exit status 1.
 */
import { createReferenceApi } from './app';

const NAMES = ['REFERENCE_API_PORT', 'AUTH0_AUDIENCE', 'ISSUER_BASE_URL', 'APP_ORIGIN'] as const;
const missing = NAMES.filter((name) => !process.env[name]?.trim());
if (missing.length > 0) {
  console.error(`reference-api: set ${missing.join(', ')}`);
  process.exit(1);
}
const setting = (name: (typeof NAMES)[number]) => (process.env[name] as string).trim();

const app = createReferenceApi({
  audience: setting('AUTH0_AUDIENCE'),
  issuerBaseURL: setting('ISSUER_BASE_URL'),
  appOrigin: setting('APP_ORIGIN'),
});
const server = app.listen(Number(setting('REFERENCE_API_PORT')), 'localhost', (error?: Error) => {
  if (error) {
    console.error(`reference-api: ${error.message}`);
    process.exit(1);
  }
  console.log(`reference-api: ready on http://localhost:${setting('REFERENCE_API_PORT')}`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
