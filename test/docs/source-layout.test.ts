/**
 * The layout is part of the lesson: each room under src/ says what is in it (its README.md, a line per file, specs
 * aside), and
 * no two source files share a name, so a file name alone tells a reader which one is meant.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../support/processes';

/** The rooms, and the session module inside the SPA, which a developer copies on its own (its README goes with it). */
const ROOMS = ['src/spa', 'src/spa/auth', 'src/api', 'src/auth-server', 'src/config'];

function filesIn(folder: string): string[] {
  return readdirSync(join(projectRoot, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(join(projectRoot, folder).length + 1))
    .sort();
}

describe('the source tree explains itself', () => {
  for (const room of ROOMS) {
    it(`${room}/README.md names every file in the room, and only files that exist`, () => {
      const readme = readFileSync(join(projectRoot, room, 'README.md'), 'utf8');
      // A spec sits beside the file it tests and is named after it, so the README need not list it.
      // A folder with a README of its own (another room) is described there.
      const nested = ROOMS.filter((other) => other.startsWith(`${room}/`)).map(
        (other) => `${other.slice(room.length + 1)}/`
      );
      const files = filesIn(room).filter(
        (file) =>
          file !== 'README.md' && !file.endsWith('.spec.ts') && !nested.some((folder) => file.startsWith(folder))
      );
      const named = new Set([...readme.matchAll(/`([\w./-]+\.(?:ts|html|css|svg|json))`/g)].map((match) => match[1]));
      assert.deepEqual(
        files.filter((file) => !named.has(file)),
        [],
        `${room}/README.md does not list these files (paths relative to ${room}/)`
      );
      assert.deepEqual(
        [...named].filter((file) => !filesIn(room).includes(file)),
        [],
        `${room}/README.md lists files that do not exist`
      );
    });
  }

  it('src/api leaves tokens to express-oauth2-jwt-bearer: it imports no JWT or JOSE library and verifies nothing itself', () => {
    const offenders = filesIn('src/api')
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => {
        const source = readFileSync(join(projectRoot, 'src/api', file), 'utf8');
        return (
          /from '(jose|jsonwebtoken|jwks-rsa|express-jwt|fast-jwt)'/.test(source) ||
          /\b(jwtVerify|compactVerify|createVerify|verify)\(/.test(source)
        );
      });
    assert.deepEqual(offenders, []);
  });

  it('src/spa/auth stands alone: it imports nothing from the rest of the app and reads no build-time value', () => {
    const leaving = filesIn('src/spa/auth')
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .flatMap((file) => {
        const source = readFileSync(join(projectRoot, 'src/spa/auth', file), 'utf8');
        const imports = [...source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((match) => match[1] as string);
        const outside = imports.filter(
          (path) => path.startsWith('.') && !join('auth', file, '..', path).startsWith('auth/')
        );
        const globals = [...source.matchAll(/\b__[A-Z_]+__\b/g)].map((match) => match[0]);
        return [...outside, ...globals].map((what) => `${file}: ${what}`);
      });
    assert.deepEqual(leaving, []);
  });

  it('the app reaches the session module through its one door (src/spa/auth/index.ts) only', () => {
    const appFiles = filesIn('src/spa').filter(
      (file) =>
        file.endsWith('.ts') && !file.startsWith('auth/') && !file.startsWith('testing/') && !file.endsWith('.spec.ts')
    );
    const reaching = appFiles.flatMap((file) => {
      const source = readFileSync(join(projectRoot, 'src/spa', file), 'utf8');
      const imports = [...source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((match) => match[1] as string);
      return imports
        .filter((path) => path.startsWith('.') && join('src/spa', file, '..', path).startsWith('src/spa/auth'))
        .filter((path) => join('src/spa', file, '..', path) !== 'src/spa/auth')
        .map((path) => `${file}: ${path}`);
    });
    assert.ok(appFiles.length > 10, 'the app files were found');
    assert.deepEqual(reaching, []);
  });

  it("the module's README lists every code with the sentence the module shows for it", async () => {
    // A path made at run time: TypeScript does not follow it into the browser's program (its own tsconfig checks it).
    const sentences = join(projectRoot, 'src/spa/auth/session-errors.ts');
    const { SENTENCES } = (await import(sentences)) as { SENTENCES: Record<string, string> };
    const readme = readFileSync(join(projectRoot, 'src/spa/auth/README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| code '), readme.indexOf('\n\n', readme.indexOf('| code ')));
    const listed = Object.fromEntries(
      [...table.matchAll(/^\| `([a-z_]+)`\s*\| (.+?)\s*\|$/gm)].map((match) => [match[1], match[2]])
    );
    const codes = Object.fromEntries(Object.entries(SENTENCES).map(([code, sentence]) => [code, sentence]));
    assert.deepEqual(listed, codes);
  });

  it('no two source files under src/ share a name', () => {
    const byName = new Map<string, string[]>();
    for (const room of ROOMS.filter((room) => !ROOMS.some((outer) => room.startsWith(`${outer}/`)))) {
      for (const file of filesIn(room).filter((name) => basename(name) !== 'README.md')) {
        const name = basename(file);
        byName.set(name, [...(byName.get(name) ?? []), `${room}/${file}`]);
      }
    }
    const shared = [...byName.values()].filter((paths) => paths.length > 1);
    assert.deepEqual(shared, [], 'files that share a name');
  });
});
