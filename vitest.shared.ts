// Shared vitest settings: every @cometts/* import resolves to the package's
// TypeScript source, so tests never need a prior build of their dependencies.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

function sourceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const group of ['packages', 'apps']) {
    for (const dir of readdirSync(join(root, group))) {
      const manifestPath = join(root, group, dir, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        name: string;
        exports?: Record<string, Record<string, string> | string>;
      };
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        if (typeof target !== 'object' || !target['@cometts/source']) continue;
        const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
        const escaped = specifier.replace(/[/.-]/g, (c) => `\\${c}`);
        aliases.push({
          find: new RegExp(`^${escaped}$`),
          replacement: resolve(root, group, dir, target['@cometts/source']),
        });
      }
    }
  }
  return aliases;
}

export function packageTestConfig(overrides: UserConfig['test'] = {}): UserConfig {
  return defineConfig({
    resolve: { alias: sourceAliases() },
    test: {
      include: ['test/**/*.test.ts'],
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results.json' },
      testTimeout: 20_000,
      hookTimeout: 20_000,
      pool: 'forks',
      ...overrides,
    },
  });
}
