/**
 * docs/tutorial.md teaches from excerpts of the real code. Each excerpt is a fenced block right after a line
 * `<!-- excerpt: path/to/file.ts -->`; it must appear, line for line, in that file, so the lesson cannot drift.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../support/processes';

const TUTORIAL = 'docs/tutorial.md';

interface Excerpt {
  file: string;
  code: string;
  /** Where the excerpt starts in the tutorial, for the failure message. */
  line: number;
}

/** Every `<!-- excerpt: file -->` followed by a fenced block. */
export function excerptsOf(markdown: string): Excerpt[] {
  const excerpts: Excerpt[] = [];
  const pattern = /<!-- excerpt: (\S+) -->\n\n?```\w*\n([\s\S]*?)\n```/g;
  for (const match of markdown.matchAll(pattern)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    excerpts.push({ file: match[1], code: match[2], line });
  }
  return excerpts;
}

/** Whether `code`'s lines occur as consecutive lines of `source` (a line may be indented less in the excerpt). */
export function occursIn(code: string, source: string): boolean {
  const wanted = code.split('\n').map((line) => line.trimEnd());
  const lines = source.split('\n').map((line) => line.trimEnd());
  const trim = (line: string) => line.trim();
  for (let start = 0; start + wanted.length <= lines.length; start++) {
    if (wanted.every((line, offset) => trim(lines[start + offset]) === trim(line))) return true;
  }
  return false;
}

/**
 * Whether an excerpt is a whole declaration a reader can paste: it does not start inside a comment, its brackets
 * close in order and all of them, and it ends where a statement or a block does. Strings, template text, comments and
 * regular expressions are left out of the count.
 */
export function isWholeDeclaration(code: string): boolean {
  const firstLine = code.trimStart().split('\n')[0] ?? '';
  if (/^(\*|\*\/)/.test(firstLine)) return false;
  const bare = code
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, "''")
    .replace(
      /\/(?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\\\n*])(?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\\\n])*\/[a-z]*(?=[\s,;.)])/g,
      '/r/'
    );
  const open: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (const char of bare) {
    if ('([{'.includes(char)) open.push(char);
    else if (char in pairs && open.pop() !== pairs[char]) return false;
  }
  return open.length === 0 && /[};)]$/.test(bare.trimEnd());
}

describe('the tutorial shows the code as it is', () => {
  const markdown = readFileSync(join(projectRoot, TUTORIAL), 'utf8');
  const excerpts = excerptsOf(markdown);

  it('has excerpts from the SPA and the API', () => {
    assert.ok(
      excerpts.some((excerpt) => excerpt.file.startsWith('src/spa/')),
      'an SPA excerpt'
    );
    assert.ok(
      excerpts.some((excerpt) => excerpt.file.startsWith('src/api/')),
      'an API excerpt'
    );
  });

  for (const excerpt of excerpts) {
    it(`line ${excerpt.line}: the excerpt of ${excerpt.file} is a whole declaration`, () => {
      assert.ok(
        isWholeDeclaration(excerpt.code),
        `${TUTORIAL} line ${excerpt.line} shows part of a declaration:\n${excerpt.code}`
      );
    });

    it(`line ${excerpt.line}: the excerpt of ${excerpt.file} matches the file`, () => {
      const path = join(projectRoot, excerpt.file);
      assert.ok(existsSync(path), `${excerpt.file} exists`);
      assert.ok(
        occursIn(excerpt.code, readFileSync(path, 'utf8')),
        `${TUTORIAL} line ${excerpt.line} shows code that ${excerpt.file} no longer has:\n${excerpt.code}`
      );
    });
  }

  it('finds excerpts and matches them the way the tests above rely on', () => {
    const sample = 'x\n<!-- excerpt: a.ts -->\n\n```ts\nconst a = 1;\n  b();\n```\n';
    assert.deepEqual(excerptsOf(sample), [{ file: 'a.ts', code: 'const a = 1;\n  b();', line: 2 }]);
    assert.ok(occursIn('const a = 1;\nb();', 'x\n  const a = 1;\n    b();\ny'));
    assert.ok(!occursIn('const a = 1;\nb();', 'const a = 1;\nc();\nb();'));
  });

  it('tells a whole declaration from a window into one', () => {
    assert.ok(isWholeDeclaration("f(a: string): void {\n  if (/[{(]/.test(a)) g('}');\n}"));
    assert.ok(isWholeDeclaration('export const x = [1, 2];'));
    assert.ok(!isWholeDeclaration(' * the middle of a comment\n */\nexport function f() {}'));
    assert.ok(!isWholeDeclaration('start(): void {\n  go();'), 'stops before its closing brace');
    assert.ok(!isWholeDeclaration('  });\n}'), 'starts inside a block');
  });
});
