/**
 * The session module as hosts load it (`npm run build:session`): a script for a page of `<script>` tags, an ES module
 * for a bundler, and types any TypeScript compiles against. The first two are run here as a host would load them;
 * the types are compiled against by TypeScript 5.9 and 7.0, with this repository's second app as the host.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import vm from 'node:vm';
import { builtAuthSession } from '../support/auth-session-build';
import { projectRoot } from '../support/processes';

/** The TypeScript compilers a host may have: this project's, and the 7.x that `npm i typescript` installs today. */
const COMPILERS = {
  'TypeScript 5.9': join(projectRoot, 'node_modules/typescript/bin/tsc'),
  'TypeScript 7.0': join(projectRoot, 'node_modules/typescript-7/bin/tsc'),
};

describe('the shipped files of the session module', { timeout: 180_000 }, () => {
  let files: Awaited<ReturnType<typeof builtAuthSession>>;
  let hostDir: string;

  before(async () => {
    files = await builtAuthSession();
    hostDir = mkdtempSync(join(projectRoot, 'build', 'host-'));
  });

  after(() => rmSync(hostDir, { recursive: true, force: true }));

  it('the script is a classic script that adds authSession to the page’s AngularJS, carrying none of its libraries', () => {
    const source = readFileSync(files.script, 'utf8');
    const registered: Array<{ name: string; requires: string[] }> = [];
    const chain: Record<string, unknown> = {};
    for (const method of ['provider', 'config', 'run', 'constant', 'factory', 'service']) chain[method] = () => chain;
    const angular = {
      module(name: string, requires?: string[]) {
        if (requires) registered.push({ name, requires: [...requires] });
        return { ...chain, name };
      },
    };

    // A classic script: an `import` or `export` declaration would not even parse here.
    new vm.Script(source).runInNewContext({ angular, auth0: {}, TextEncoder, TextDecoder });

    assert.deepEqual(registered, [{ name: 'authSession', requires: ['angular-jwt'] }]);
    assert.doesNotMatch(source, /\bimport\s*\(/, 'no dynamic import either: auth0-js is the page’s');
    assert.doesNotMatch(source, /angularjs\.org|ui-router|idtoken-verifier/, 'no library inside');
  });

  it('the ES module imports angular and angular-jwt, and auth0-js and angular-auth0 when the session needs them', () => {
    const source = readFileSync(files.module, 'utf8');
    const fromStatic = [...source.matchAll(/import\s*\{[^}]*\}\s*from\s*"([^"]+)"/g)].map((match) => match[1]);
    const fromDynamic = [...source.matchAll(/import\("([^"]+)"\)/g)].map((match) => match[1]);

    assert.deepEqual(fromStatic.sort(), ['angular', 'angular-jwt']);
    assert.deepEqual(fromDynamic.sort(), ['angular-auth0', 'auth0-js']);
    assert.match(source, /export\s*\{[^}]*as default/);
  });

  it('the types are one file that declares the public surface and imports nothing of the module’s own', () => {
    const types = readFileSync(files.types, 'utf8');

    assert.doesNotMatch(types, /from '\./);
    for (const name of ['AuthSessionConfig', 'AuthSession', 'AuthSessionProvider', 'SessionNotice', 'SessionCode']) {
      assert.match(types, new RegExp(`export (interface|type) ${name}\\b`), name);
    }
    assert.match(types, /export default authSession;/);
  });

  for (const [compiler, tsc] of Object.entries(COMPILERS)) {
    /** Compiles `host` (a file of the host) against the built types; returns the compiler's exit status and output. */
    function compile(host: string): { status: number | null; output: string } {
      const config = join(hostDir, `tsconfig.${compiler.replace(/\W/g, '')}.json`);
      writeFileSync(
        config,
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'ESNext',
            moduleResolution: 'Bundler',
            lib: ['ES2022', 'DOM'],
            strict: true,
            esModuleInterop: true,
            skipLibCheck: true,
            noEmit: true,
            types: [],
            paths: { 'angular-auth-session': [relative(hostDir, files.types)] },
          },
          files: [relative(hostDir, host)],
        })
      );
      const run = spawnSync(process.execPath, [tsc, '-p', config], { encoding: 'utf8', timeout: 120_000 });
      return { status: run.status, output: `${run.stdout}${run.stderr}` };
    }

    it(`${compiler} compiles a TypeScript host (the second app) against the types, not the sources`, () => {
      const { status, output } = compile(join(projectRoot, 'test/second-app/main.ts'));

      assert.equal(status, 0, output);
    });

    it(`${compiler} refuses a host that reaches for the session's plumbing`, () => {
      const host = join(hostDir, 'reaches-in.ts');
      writeFileSync(
        host,
        "import type { AuthSession } from 'angular-auth-session';\n" +
          'export const renew = (session: AuthSession) => (session as AuthSession).renew();\n'
      );

      const { status, output } = compile(host);

      assert.notEqual(status, 0);
      assert.match(output, /Property 'renew' does not exist on type 'AuthSession'/);
    });
  }
});
