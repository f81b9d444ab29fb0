/**
 * The `yaml` library, loaded on first use only: LAVA's records go through the
 * fast parser, and the library (three quarters of the bundle) is the fallback.
 * The bundle ships it as `dist/yaml-lib.js` beside `dist/extension.js` (see
 * scripts/bundle.mjs, which defines YAML_BUNDLE); compiled for tests it is the npm package.
 */
type YamlModule = typeof import('yaml');

declare const YAML_BUNDLE: string | undefined;

let yaml: YamlModule | undefined;

export function parseYaml(text: string, options?: { logLevel?: 'silent' | 'error' | 'warn' | 'debug' }): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yaml ??= require(typeof YAML_BUNDLE === 'string' ? YAML_BUNDLE : 'yaml') as YamlModule;
  return yaml.parse(text, options);
}
