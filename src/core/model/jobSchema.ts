// core/model — what LAVA's job schema says at a place in a job definition (issue 23's shared contract).
//
// The rules live once, in `schemas/lava-job.schema.json` (a JSON Schema the extension ships, following
// LAVA 2023.01's `lava_common/schemas`). `core/jobSchema/` reads it; offline diagnostics, completion and
// hover all ask it through `JobSchemaQuery`, never a second copy of the rules in code.

/** Where a node sits in the definition's data: keys and sequence indexes from the root. */
export type YamlPath = readonly (string | number)[];

/** JSON Schema's type names. */
export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

/** Values only the server knows (the schema marks the key with `x-lava-server-values`). */
export type ServerValueKind = 'device-type' | 'device-tag' | 'device-hostname';

/** One key a mapping may hold here. */
export interface SchemaKey {
  readonly name: string;
  readonly required: boolean;
  /** Our own words: a sentence or two. */
  readonly description?: string;
  /** LAVA's documentation page for it (https only). */
  readonly docUrl?: string;
  readonly types: readonly SchemaType[];
}

/** One value a scalar may take here (an `enum` or `const` member). */
export interface SchemaValue {
  readonly value: string | number | boolean;
  readonly description?: string;
  readonly docUrl?: string;
}

/** What the schema says about the node at a path, given the document's data. */
export interface SchemaAt {
  readonly description?: string;
  readonly docUrl?: string;
  /** Types allowed here (empty: anything). */
  readonly types: readonly SchemaType[];
  /** For a mapping: the keys allowed here, already narrowed by the siblings that choose a variant
   *  (a deploy's `to:`, a boot's `method:`, a test's `definitions`/`interactive`/`monitors`). */
  readonly keys: readonly SchemaKey[];
  /** Whether keys other than `keys` are accepted (`additionalProperties` not false). */
  readonly openKeys: boolean;
  /** For a scalar: the values allowed here (empty: no fixed set). */
  readonly values: readonly SchemaValue[];
  readonly serverValues?: ServerValueKind;
}

export interface JobSchemaQuery {
  /** `data` is the whole definition as parsed (possibly partial while the user types). */
  at(data: unknown, path: YamlPath): SchemaAt | undefined;
  /** The LAVA version the schema follows ("2023.01"). */
  readonly lavaVersion: string;
}

/** One offline finding, on the exact node (offsets into the document's text, UTF-16). */
export interface SchemaProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** Stable code shown in Problems: 'unknown-key' | 'wrong-type' | 'missing-key' | 'not-allowed' |
   *  'timeout-unit' | 'duplicate-key' | 'timeout-over-job' | 'yaml' | … */
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** An obvious fix: replace [start, end) with `text`, or insert `text` at `at`. */
  readonly fix?: {
    readonly title: string;
    readonly edits: readonly { readonly start: number; readonly end: number; readonly text: string }[];
  };
}
