/**
 * The session module's shipped files (scripts/build-auth-session.ts), built once per test file into a folder of the
 * project (so the built types find `angular`'s in node_modules, as a host's would), removed when the file's tests end.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildAuthSession } from '../../scripts/build-auth-session';
import { projectRoot } from './processes';

let built: ReturnType<typeof buildAuthSession> | undefined;

export function builtAuthSession(): ReturnType<typeof buildAuthSession> {
  if (!built) {
    const dir = join(projectRoot, 'build', `test-${process.pid}`);
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    built = buildAuthSession(dir);
  }
  return built;
}
