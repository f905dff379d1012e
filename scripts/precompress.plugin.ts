/**
 * Webpack plugin for production builds: writes `name.br` and `name.gz` beside every text asset, after minification
 * and content hashing, for `npm run serve` (or any server that serves precompressed files) to send as they are.
 */
import type { Compiler } from 'webpack';
import { COMPRESSIBLE, compressedVariants } from './precompress';

const NAME = 'PrecompressPlugin';

export class PrecompressPlugin {
  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
      compilation.hooks.processAssets.tapPromise(
        // After minification and the real content hashes: the copies must be of the final bytes.
        { name: NAME, stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_TRANSFER },
        async (assets) => {
          const targets = Object.keys(assets).filter((name) => COMPRESSIBLE.test(name) && !name.endsWith('.map'));
          await Promise.all(
            targets.map(async (name) => {
              const asset = compilation.getAsset(name);
              if (!asset) return;
              const variants = await compressedVariants(asset.source.buffer());
              const info = { compressed: true, immutable: asset.info.immutable };
              if (variants.br) compilation.emitAsset(`${name}.br`, new sources.RawSource(variants.br), info);
              if (variants.gzip) compilation.emitAsset(`${name}.gz`, new sources.RawSource(variants.gzip), info);
            })
          );
        }
      );
    });
  }
}
