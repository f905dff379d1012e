/**
 * Every example value the README and .env.example show for the Auth0 variables is refused as a placeholder, naming
 * the variable: a reader who copies one without replacing it is told so at start-up. The values are read from the
 * documents themselves, so a new example is covered the day it is written.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadEnvironment } from '../../src/config/environment';

const ROOT = join(import.meta.dirname, '..', '..');
const AUTH0_VARIABLES = ['AUTH0_DOMAIN', 'AUTH0_CLIENT_ID', 'AUTH0_AUDIENCE', 'AUTH0_ISSUER_BASE_URL'];
const ASSIGNMENT = new RegExp(`\\b(${AUTH0_VARIABLES.join('|')})=([^\\s\`'"]+)`, 'g');

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const envExample = readFileSync(join(ROOT, '.env.example'), 'utf8');

/**
 * The README asks the reader to create their API with an Identifier of their choosing "for example X" and then
 * to set AUTH0_AUDIENCE to it: that X is a value the reader really creates, not a placeholder.
 */
function identifiersToCreate(text: string): Set<string> {
  return new Set([...text.matchAll(/\*\*Identifier\*\*, for example\s+`([^`]+)`/g)].map((match) => match[1] as string));
}

function shownValues(text: string): [string, string][] {
  return [...text.matchAll(ASSIGNMENT)].map((match) => [match[1] as string, match[2] as string]);
}

/** A tenant configuration that passes, into which each example is put in turn. */
const REAL = {
  AUTH0_DOMAIN: 'dev-quickstart.us.auth0.com',
  AUTH0_CLIENT_ID: 'k5Qx0Zb1Example0ClientId0123456789',
  AUTH0_AUDIENCE: 'https://quickstarts/api',
};

function problemsWith(name: string, value: string): string[] {
  try {
    loadEnvironment({ ...REAL, [name]: value });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the example values shown in the documents', () => {
  const created = identifiersToCreate(readme);
  const examples = [
    ...shownValues(readme).map(([name, value]) => ['README.md', name, value] as const),
    ...shownValues(envExample).map(([name, value]) => ['.env.example', name, value] as const),
  ].filter(([, name, value]) => !(name === 'AUTH0_AUDIENCE' && created.has(value)));

  it('are found: the README and .env.example each show the tenant variables', () => {
    for (const document of ['README.md', '.env.example']) {
      const names = new Set(examples.filter(([where]) => where === document).map(([, name]) => name));
      for (const name of ['AUTH0_DOMAIN', 'AUTH0_CLIENT_ID']) assert.ok(names.has(name), `${document} shows ${name}=`);
    }
  });

  for (const [document, name, value] of examples) {
    it(`refuses ${name}=${value} from ${document}, naming ${name}`, () => {
      const problems = problemsWith(name, value);
      assert.ok(
        problems.some((line) => line.startsWith(`${name} still holds the placeholder "${value}"`)),
        `${name}=${value} was not refused as a placeholder: ${problems.join(' | ') || 'accepted'}`
      );
    });
  }
});
