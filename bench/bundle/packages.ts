/**
 * Packages as the bundle figures count them: which package a source file belongs to, the project's direct
 * dependencies, and the group each bundled package is counted in (a package that is not a direct dependency, such as
 * @uirouter/core, counts with the direct dependency that brings it in). All read from package.json files.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const APP = 'app code';
export const RUNTIME = 'webpack runtime';

export const projectRoot = join(import.meta.dirname, '..', '..');

interface PackageJson {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readPackageJson(path: string): PackageJson {
  return JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
}

/** `node_modules/<name>` as the innermost folder of a path, with the path up to it (tells copies apart). */
export function installOf(source: string): { name: string; path: string } | undefined {
  const match = /^(.*node_modules\/)((?:@[^/]+\/)?[^/]+)/.exec(source.replace(/\\/g, '/'));
  if (!match) return undefined;
  const path = `${match[1]}${match[2]}`.replace(/^.*?(?=node_modules\/)/, '');
  return { name: match[2] as string, path };
}

/** Who the bytes of a source file are counted for: its package, the app, or webpack's runtime. */
export function ownerOf(source: string): string {
  const install = installOf(source);
  if (install) return install.name;
  if (/\/webpack\/(?:runtime|bootstrap)/.test(source) || source.startsWith('webpack/')) return RUNTIME;
  return APP;
}

export function directDependencies(root = projectRoot): string[] {
  return Object.keys(readPackageJson(join(root, 'package.json')).dependencies ?? {});
}

/** The packages a package needs (dependencies and peers), as installed for the project. */
function requirementsOf(name: string, root: string): string[] {
  try {
    const path = createRequire(join(root, 'package.json')).resolve(`${name}/package.json`);
    const json = readPackageJson(path);
    return [...Object.keys(json.dependencies ?? {}), ...Object.keys(json.peerDependencies ?? {})];
  } catch {
    // A package whose exports map hides its package.json, or one that is not installed: nothing to follow.
    return [];
  }
}

/** For each bundled package, the direct dependency it is counted with (itself, when it is one). */
export function groupOf(bundled: string[], root = projectRoot): Map<string, string> {
  const direct = directDependencies(root).filter((name) => bundled.includes(name));
  const groups = new Map<string, string>(direct.map((name) => [name, name]));
  for (const owner of direct) {
    const queue = [...requirementsOf(owner, root)];
    const seen = new Set(queue);
    while (queue.length > 0) {
      const name = queue.shift() as string;
      if (direct.includes(name)) continue;
      if (bundled.includes(name) && !groups.has(name)) groups.set(name, owner);
      for (const next of requirementsOf(name, root)) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return groups;
}
