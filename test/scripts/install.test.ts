/**
 * `npm install` prints nothing a newcomer must learn to ignore. npm 11 warns about every dependency whose install
 * script package.json's `allowScripts` has not decided (run or not), so every such script in the lockfile must be
 * decided there.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../support/processes';

interface LockedPackage {
  name?: string;
  version?: string;
  hasInstallScript?: boolean;
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(join(projectRoot, file), 'utf8')) as T;
}

describe('npm install', () => {
  it("leaves no dependency's install script undecided (npm would warn about it)", async () => {
    const { packages } = await readJson<{ packages: Record<string, LockedPackage> }>('package-lock.json');
    const { allowScripts = {} } = await readJson<{ allowScripts?: Record<string, boolean> }>('package.json');
    const withScripts = Object.entries(packages)
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript)
      .map(([path, entry]) => ({ name: entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 13), ...entry }));
    // The lockfile is what `npm ci` installs: this one has esbuild's (tsx's compiler), so the check is not empty.
    assert.ok(
      withScripts.length > 0,
      'no dependency has an install script any more: allowScripts and this test can go'
    );
    // An entry is `name` (any version) or `name@version`.
    const undecided = withScripts
      .filter(({ name, version }) => !(name in allowScripts) && !(`${name}@${version}` in allowScripts))
      .map(({ name, version }) => `${name}@${version}`);
    assert.deepEqual(undecided, []);
  });
});
