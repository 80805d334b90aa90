import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: @cometts/node's public API.
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false, // the build script empties dist first (two configs build in parallel)
    target: 'node20',
  },
  {
    // The executables: `cometts` (bin) and the localnet script. They are
    // self-contained bundles (workspace packages from their TypeScript
    // source), so they run without building the other packages first.
    // classic-level (LevelDB) is a native addon: it loads its binary from its
    // own package directory, so it stays an ordinary import.
    entry: ['src/cli.ts', 'src/localnet.ts'],
    format: ['esm'],
    noExternal: [/^(?!classic-level$)/],
    platform: 'node',
    esbuildOptions(options) {
      options.conditions = ['@cometts/source'];
    },
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cometts_createRequire } from 'node:module'; const require = __cometts_createRequire(import.meta.url);" },
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
]);
