// Bundles the extension into dist/ (the only code the .vsix ships): dist/extension.js (the entry,
// loaded on activation), dist/main.js (the extension, loaded when first needed), and
// the yaml library apart in dist/yaml-lib.js, loaded only when a LAVA record needs the fallback
// parser or lavacli's config is imported (src/core/util/yaml.ts).
import { build } from 'esbuild';

// Source maps, linked (each bundle names its .map, shipped beside it in the .vsix): a stack trace a user
// sends maps back to src/ lines; the maps carry the sources' text, so no checkout is needed to read one.
// Nothing reads them at run time (VS Code does not load a .map unless a debugger asks).
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', minify: true, logLevel: 'warning', sourcemap: 'linked' };

// What VS Code loads on activation: command stand-ins that load dist/main.js when first needed.
await build({
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  external: ['vscode', './main.js'],
  define: { MAIN_BUNDLE: '"./main.js"' },
});
await build({
  ...common,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  external: ['vscode', './yaml-lib.js', 'bufferutil', 'utf-8-validate'], // ws's optional native helpers: ws runs without them
  define: { YAML_BUNDLE: '"./yaml-lib.js"' },
});
await build({ ...common, entryPoints: ['yaml'], outfile: 'dist/yaml-lib.js' });
