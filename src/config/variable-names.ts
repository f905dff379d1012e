/**
 * Names set in the environment or in `.env` that look like the quickstart's variables but are none of them: a typo
 * (`AUTH0_DOMIAN`), the letter O for the digit 0 (`AUTHO_FLOW`), another case (`auth0_domain`), or a guess in one of
 * its families (`AUTH0_TENANT`). The loader ignores them, so the quickstart would silently run with a default
 * instead: each is told in one line, with the name meant when one is close.
 */

/** A name with a close known one is always told; one with neither is told when it starts like a family of ours. */
const FAMILIES = ['AUTH0', 'AUTH', 'ALLOWED', 'API', 'APP', 'DEMO', 'ACCESS', 'SERVE'];

/** How names are compared: upper case, the letter O as the digit 0, without separators. */
function normalised(name: string): string {
  return name
    .toUpperCase()
    .replace(/O/g, '0')
    .replace(/[^A-Z0-9]/g, '');
}

/** The first segment of a name, normalised: `AUTHO_FLOW` and `auth0_flow` are both in the family AUTH0. */
function familyOf(name: string): string {
  return normalised(name.split(/[_-]/)[0] ?? '');
}

/** Edits between two strings (insert, delete, replace, or swap two neighbours: optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known name `name` most likely meant: the same once normalised, or one edit away (two for names of ten
 * characters or more). Undefined when none is that close.
 */
export function closestKnownName(name: string, known: readonly string[]): string | undefined {
  const wanted = normalised(name);
  const allowed = wanted.length >= 10 ? 2 : 1;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(wanted, normalised(candidate));
    if (distance <= allowed && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function listed(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * One line for each name set (to a non-empty value) in `vars` that is not in `known` but looks like one of them;
 * `fromDotenv` names those whose value came from `.env`.
 */
export function unknownVariableWarnings(
  vars: Record<string, string | undefined>,
  known: readonly string[],
  fromDotenv: ReadonlySet<string> = new Set()
): string[] {
  const knownSet = new Set(known);
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(vars)) {
    if (knownSet.has(name) || !value?.trim()) continue;
    const where = fromDotenv.has(name) ? 'in .env' : 'in the environment';
    const ignored = `${name} (${where}) is not a variable this quickstart reads, so it is ignored`;
    const meant = closestKnownName(name, known);
    if (meant) {
      warnings.push(`${ignored}: did you mean ${meant}?`);
      continue;
    }
    // No close name: told only when it starts like one of ours (AUTH0_TENANT), with the names of that family.
    const family = familyOf(name);
    if (!FAMILIES.some((prefix) => normalised(prefix) === family)) continue;
    const relatives = known.filter((candidate) => familyOf(candidate) === family);
    if (relatives.length === 0) continue;
    const prefix = `${relatives[0].split('_')[0]}_`;
    warnings.push(
      relatives.length === 1
        ? `${ignored}; the only ${prefix} variable it reads is ${relatives[0]}.`
        : `${ignored}; the ${prefix} variables it reads are ${listed(relatives)}.`
    );
  }
  return warnings;
}
