// One-off scaffolding of a workspace package's build/test/lint files.
// Usage: node scripts/scaffold.mjs <group>/<dir> "<description>"
import { writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [path, description] = process.argv.slice(2);
const dir = path.split('/')[1];
const name = `@cometts/${dir}`;
mkdirSync(join(path, 'src'), { recursive: true });
mkdirSync(join(path, 'test'), { recursive: true });
const manifest = {
  name,
  version: '0.0.0',
  description,
  license: 'Apache-2.0',
  type: 'module',
  sideEffects: false,
  engines: { node: '>=20.19' },
  exports: {
    '.': {
      '@cometts/source': './src/index.ts',
      types: './dist/index.d.ts',
      import: './dist/index.js',
      require: './dist/index.cjs',
    },
    './package.json': './package.json',
  },
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  files: ['dist', 'src', 'README.md'],
  scripts: {
    build: 'tsup',
    test: 'vitest run',
    typecheck: 'tsc -p tsconfig.json',
    lint: 'eslint src test',
  },
  publishConfig: { access: 'public' },
};
const write = (file, content) => {
  if (!existsSync(join(path, file))) writeFileSync(join(path, file), content);
};
write('package.json', JSON.stringify(manifest, null, 2) + '\n');
write('tsconfig.json', JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src', 'test', 'bench'] }, null, 2) + '\n');
write('tsup.config.ts', `import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
`);
write('vitest.config.ts', `import { packageTestConfig } from '../../vitest.shared';

export default packageTestConfig();
`);
