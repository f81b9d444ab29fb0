// Bundles the extension into dist/extension.js (the only code the .vsix ships).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  minify: process.argv.includes('--minify') || process.env.NODE_ENV === 'production',
  sourcemap: false,
  logLevel: 'warning',
});
