/**
 * Brotli and gzip copies of a built file, made once (at build time, or when `npm run serve` finds none) so no
 * request ever pays for compression. Maximum settings: the cost is paid once, the saving on every first visit.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text formats worth compressing; images other than SVG, and fonts, are compressed already. */
export const COMPRESSIBLE = /\.(?:html|js|mjs|css|svg|json|txt|map|webmanifest|xml)$/i;

export interface CompressedVariants {
  br?: Buffer;
  gzip?: Buffer;
}

/** Each variant only when it is smaller than the file itself; a tiny file can grow under compression. */
export async function compressedVariants(content: Buffer): Promise<CompressedVariants> {
  const [br, gz] = await Promise.all([
    brotli(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }),
    gzipAsync(content, { level: constants.Z_BEST_COMPRESSION, memLevel: 9 }),
  ]);
  return {
    ...(br.length < content.length ? { br } : {}),
    ...(gz.length < content.length ? { gzip: gz } : {}),
  };
}

/** Brotli and gzip at the settings above, for figures that must match what is served. */
export async function compressedSizes(content: Buffer | string): Promise<{ br: number; gzip: number }> {
  const buffer = typeof content === 'string' ? Buffer.from(content) : content;
  const variants = await compressedVariants(buffer);
  return { br: variants.br?.length ?? buffer.length, gzip: variants.gzip?.length ?? buffer.length };
}
