/**
 * Which source file each byte of a minified script came from, read from its source map (version 3), so the bytes
 * can be added up per package: the minified output is what ships, and webpack's own module sizes are measured
 * before minification.
 *
 * A run of bytes with no mapping of its own belongs to the source around it when the mappings on both sides name
 * the same source (a template string inlined into the app's module); otherwise it is webpack's glue.
 */

export const GLUE = '(webpack glue)';

export interface SourceMapV3 {
  version: number;
  sources: string[];
  mappings: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, index) => [char, index]));

/** The generated positions where a mapping starts, as [line, column, source index or -1 for "no source"]. */
function decodeMappings(mappings: string): [number, number, number][] {
  const segments: [number, number, number][] = [];
  let source = 0;
  for (const [line, text] of mappings.split(';').entries()) {
    let column = 0;
    for (const segment of text.split(',')) {
      if (segment === '') continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = DIGIT.get(char);
        if (digit === undefined) throw new Error(`source map: invalid character "${char}" in mappings`);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        source += fields[1] ?? 0;
        segments.push([line, column, source]);
      } else {
        segments.push([line, column, -1]);
      }
    }
  }
  return segments;
}

export interface Piece {
  text: string;
  /** The source file from the map, or GLUE. */
  source: string;
  /** Who the bytes are counted for: `ownerOf(source)`, or the owner around an unmapped run. */
  owner: string;
}

/** The script's text cut into pieces, in order, each with its source and owner (e.g. the package). */
export function attributeBytes(code: string, map: SourceMapV3, ownerOf: (source: string) => string): Piece[] {
  const lineStarts = [0];
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const starts = decodeMappings(map.mappings)
    .map(([line, column, source]) => ({
      offset: (lineStarts[line] ?? code.length) + column,
      source: source >= 0 ? (map.sources[source] ?? GLUE) : GLUE,
    }))
    .sort((a, b) => a.offset - b.offset);
  starts.unshift({ offset: 0, source: GLUE });
  starts.push({ offset: code.length, source: GLUE });

  const pieces: Piece[] = [];
  for (const [i, { offset, source }] of starts.entries()) {
    const end = starts[i + 1]?.offset ?? offset;
    if (end > offset)
      pieces.push({ text: code.slice(offset, end), source, owner: source === GLUE ? GLUE : ownerOf(source) });
  }
  // An unmapped run between two pieces of the same owner belongs to that owner.
  for (const [i, piece] of pieces.entries()) {
    if (piece.source !== GLUE || i === 0) continue;
    const before = (pieces[i - 1] as Piece).owner;
    const after = pieces.slice(i + 1).find((next) => next.source !== GLUE)?.owner;
    if (before !== GLUE && before === after) piece.owner = before;
  }
  return pieces;
}
