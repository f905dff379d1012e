/**
 * src/config is the shared layer: it imports none of the rooms that use it, and the API takes its settings from it
 * instead of reading the environment itself (one place where each variable is read, one set of names).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../support/processes';

function sourcesOf(room: string): [string, string][] {
  const folder = join(projectRoot, room);
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return [path.slice(projectRoot.length + 1), readFileSync(path, 'utf8')];
    });
}

describe('the shared configuration layer', () => {
  it('imports none of the rooms (spa, api, auth-server)', () => {
    const reaching = sourcesOf('src/config').filter(([, text]) =>
      /from\s+['"]\.\.\/(?:spa|api|auth-server)\//.test(text)
    );
    assert.deepEqual(
      reaching.map(([path]) => path),
      []
    );
  });

  it('is where the API gets its settings: no API file reads process.env', () => {
    const readers = sourcesOf('src/api').filter(([, text]) => /process\.env/.test(text));
    assert.deepEqual(
      readers.map(([path]) => path),
      []
    );
  });
});
