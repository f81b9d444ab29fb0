/**
 * The `yaml` library for job definitions, loaded on first use like src/core/yaml.ts does
 * (the bundle ships it as `dist/yaml-lib.js`, see scripts/bundle.mjs and YAML_BUNDLE):
 * a definition needs the library's documents (nodes with source ranges), not just values.
 */
export type YamlModule = typeof import('yaml');

declare const YAML_BUNDLE: string | undefined;

let lib: YamlModule | undefined;

export function yamlLib(): YamlModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lib ??= require(typeof YAML_BUNDLE === 'string' ? YAML_BUNDLE : 'yaml') as YamlModule;
  return lib;
}
