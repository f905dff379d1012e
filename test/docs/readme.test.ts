/**
 * The README is read more than the code: every npm script and every project path it names must exist, so it
 * cannot drift from the code unnoticed.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../support/processes';

const DOCUMENTS = [
  'README.md',
  'BENCHMARKS.md',
  'docs/tutorial.md',
  'docs/session.md',
  'docs/api.md',
  'docs/production.md',
  'docs/security.md',
  'docs/troubleshooting.md',
  'docs/local-server.md',
].filter((name) => existsSync(join(projectRoot, name)));
const scripts = Object.keys(
  (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
);
// Paths made at run time (build output, keys, results) are named in the docs but git-ignored.
const generated = readFileSync(join(projectRoot, '.gitignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#') && !line.includes('*'));

function read(name: string): string {
  return readFileSync(join(projectRoot, name), 'utf8');
}

/** `npm start`, `npm test` and `npm run <name>` wherever they appear. */
function scriptsNamed(text: string): string[] {
  const named = new Set<string>();
  for (const match of text.matchAll(/\bnpm (start|test)\b/g)) named.add(match[1]);
  for (const match of text.matchAll(/\bnpm run ([\w:-]+)/g)) named.add(match[1]);
  return [...named];
}

/** Code spans that look like a path in this repository: a known file type, or a folder ending in a slash. */
function pathsNamed(text: string): string[] {
  const named = new Set<string>();
  for (const match of text.matchAll(/`([^`\s]+)`/g)) {
    const candidate = match[1];
    if (/^[a-z]+:|^\/|^\.\.\/|[<>{}$*=]|^node_modules\//i.test(candidate)) continue;
    if (/^[\w.-]+(\/[\w.-]+)*(\.(ts|js|json|md|html|css|example)|\/)$/.test(candidate) && /[/.]/.test(candidate)) {
      named.add(candidate);
    }
  }
  // Relative link and image targets: [text](path) and ![alt](path).
  for (const match of text.matchAll(/\]\(([^)\s#]+)\)/g)) {
    if (!/^[a-z]+:/i.test(match[1])) named.add(match[1]);
  }
  return [...named];
}

function isGenerated(path: string): boolean {
  return generated.some((entry) => path === entry || path.startsWith(entry.endsWith('/') ? entry : `${entry}/`));
}

describe('the documentation stays true to the code', () => {
  for (const document of DOCUMENTS) {
    it(`${document}: every npm script it names exists`, () => {
      const named = scriptsNamed(read(document));
      if (document === 'README.md') assert.ok(named.includes('test'), 'the README names `npm test`');
      const missing = named.filter((name) => !scripts.includes(name));
      assert.deepEqual(missing, [], `${document} names scripts that package.json lacks`);
    });

    it(`${document}: every project path it names exists`, () => {
      const named = pathsNamed(read(document));
      if (document === 'README.md') assert.ok(named.length > 0, 'the check found paths to look at');
      const missing = named.filter((path) => !isGenerated(path) && !existsSync(join(projectRoot, path)));
      assert.deepEqual(missing, [], `${document} names paths that do not exist`);
    });
  }

  it('README.md documents every npm script package.json has', () => {
    const named = scriptsNamed(read('README.md'));
    assert.deepEqual(
      scripts.filter((name) => !named.includes(name)),
      [],
      'scripts missing from the README'
    );
  });

  it('finds scripts and paths the way a reader would', () => {
    assert.deepEqual(scriptsNamed('run `npm start`, then `npm run build:x`; npm test'), ['start', 'test', 'build:x']);
    assert.deepEqual(
      pathsNamed(
        'see `src/api/`, `a.ts`, `http://x/y.js`, `$HOME/x.md`, `Bearer <t>`, `dist/`, ![a](docs/a.png) [b](https://x)'
      ),
      ['src/api/', 'a.ts', 'dist/', 'docs/a.png']
    );
  });
});
