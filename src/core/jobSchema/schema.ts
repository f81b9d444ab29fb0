// core/jobSchema — the one copy of LAVA's job rules: schemas/lava-job.schema.json, read here (issue 23).
//
// The file is a JSON Schema (draft-07) the extension ships (also usable by other YAML tools); esbuild
// bundles it into dist/main.js. This module knows the JSON Schema keywords the file uses and nothing
// of LAVA: the rules are all in the file.
import schemaFile from '../../../schemas/lava-job.schema.json';

/** A JSON Schema node, as far as the file uses the keywords. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly patternProperties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: Schema;
  readonly required?: readonly string[];
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly items?: Schema;
  readonly contains?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly enumDescriptions?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly not?: Schema;
  readonly if?: Schema;
  readonly then?: Schema;
  readonly else?: Schema;
  readonly definitions?: Readonly<Record<string, Schema>>;
  readonly 'x-lava-version'?: string;
  readonly 'x-lava-doc'?: string;
  readonly 'x-lava-enum-docs'?: readonly string[];
  readonly 'x-lava-server-values'?: string;
  readonly 'x-lava-message'?: string;
  /** Keys closed even when LAVA validates with strict=False (the job's `context`). */
  readonly 'x-lava-closed'?: boolean;
}

/** `true` accepts anything, `false` nothing. */
export type Schema = JsonSchema | boolean;

/** The schema file, read once. */
export const JOB_SCHEMA = schemaFile as unknown as JsonSchema;

/** The `$ref` of the timeout definition: a duration with exactly one unit (checkDefinition.ts words its problems). */
export const TIMEOUT_REF = '#/definitions/timeout';

const DEFINITIONS = '#/definitions/';

/** The node a `$ref` names (only `#/definitions/…` is used), its own description and doc link kept over the target's. */
export function resolve(schema: Schema, root: JsonSchema = JOB_SCHEMA): Schema {
  if (typeof schema === 'boolean' || !schema.$ref) return schema;
  let cached = resolved.get(schema);
  if (cached === undefined) {
    cached = resolveRef(schema, root);
    resolved.set(schema, cached);
  }
  return cached;
}

/** Each `$ref` node resolved once (the schema file is read-only). */
const resolved = new WeakMap<JsonSchema, Schema>();

function resolveRef(schema: Schema, root: JsonSchema): Schema {
  // References chain a few levels at most; bounded anyway.
  for (let hops = 0; hops < 16 && typeof schema === 'object' && schema.$ref; hops++) {
    const ref = schema.$ref;
    const target = ref.startsWith(DEFINITIONS) ? root.definitions?.[ref.slice(DEFINITIONS.length)] : undefined;
    if (target === undefined) return true;
    if (typeof target === 'boolean') return target;
    const { $ref: _, ...siblings } = schema;
    void _;
    schema = { ...target, ...siblings };
    if (!siblings.description && target.description) schema = { ...schema, description: target.description };
    if (target.$ref) schema = { ...schema, $ref: target.$ref };
  }
  return schema;
}

/** The JSON Schema type names a node allows (empty: any). */
export function typesOf(schema: JsonSchema): readonly string[] {
  if (schema.type === undefined) return [];
  return typeof schema.type === 'string' ? [schema.type] : schema.type;
}

/** The JSON Schema type of a value read from YAML (a YAML 1.1 timestamp is neither string nor object: 'timestamp'). */
export function typeOfValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'timestamp';
  const t = typeof value;
  if (t === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (t === 'string' || t === 'boolean') return t;
  if (t === 'object') return 'object';
  return t;
}

/** Whether a value of JSON type `actual` is allowed by `types` (`integer` is a `number`). */
export function typeAllowed(types: readonly string[], actual: string): boolean {
  if (types.length === 0) return true;
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

const patternCache = new Map<string, RegExp | null>();

/** A schema pattern as a RegExp (null when JavaScript cannot read it: then it accepts anything). */
export function patternOf(source: string): RegExp | null {
  let re = patternCache.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, 'u');
    } catch {
      re = null;
    }
    patternCache.set(source, re);
  }
  return re;
}

/** The value schema of a key of a mapping schema (properties, then patternProperties, then additionalProperties). */
export function propertySchema(schema: JsonSchema, key: string): Schema | undefined {
  const p = schema.properties?.[key];
  if (p !== undefined) return p;
  if (schema.patternProperties) {
    for (const [source, s] of Object.entries(schema.patternProperties)) {
      if (patternOf(source)?.test(key)) return s;
    }
  }
  return schema.additionalProperties;
}

/**
 * Whether `key` is an extra key LAVA's `strict=False` lets through: unknown to a mapping that is not
 * closed (`x-lava-closed`), as opposed to a key the schema names and forbids.
 */
export function isExtraKey(schema: JsonSchema, key: string): boolean {
  return schema.properties?.[key] === undefined && schema['x-lava-closed'] !== true;
}

/**
 * Whether `value` satisfies `schema` (no problems collected): `if`, `anyOf` branch choice.
 * `budget.ops` counts nodes visited: the walk stops (answering true) once it runs out; `budget.lenient`
 * lets extra keys through as LAVA's `strict=False` does.
 */
export function matches(schema: Schema, value: unknown, budget: { ops: number; lenient?: boolean }): boolean {
  if (--budget.ops < 0) return true;
  schema = resolve(schema);
  if (schema === true) return true;
  if (schema === false) return false;
  const actual = typeOfValue(value);
  if (!typeAllowed(typesOf(schema), actual)) return false;
  if (schema.enum && !schema.enum.some((e) => e === value)) return false;
  if (schema.const !== undefined && schema.const !== value) return false;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return false;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return false;
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return false;
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
    if (schema.pattern !== undefined && patternOf(schema.pattern)?.test(value) === false) return false;
  }
  if (actual === 'array') {
    const items = value as unknown[];
    if (schema.minItems !== undefined && items.length < schema.minItems) return false;
    if (schema.maxItems !== undefined && items.length > schema.maxItems) return false;
    if (schema.items !== undefined && !items.every((item) => matches(schema.items as Schema, item, budget))) return false;
    if (schema.contains !== undefined && !items.some((item) => matches(schema.contains as Schema, item, budget))) return false;
  }
  if (actual === 'object') {
    const map = value as Record<string, unknown>;
    const keys = Object.keys(map);
    if (schema.required && !schema.required.every((k) => k in map)) return false;
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) return false;
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) return false;
    if (schema.properties || schema.patternProperties || schema.additionalProperties !== undefined) {
      for (const k of keys) {
        const sub = propertySchema(schema, k);
        if (sub === false && budget.lenient && isExtraKey(schema, k)) continue;
        if (sub !== undefined && !matches(sub, map[k], budget)) return false;
      }
    }
  }
  if (schema.allOf && !schema.allOf.every((s) => matches(s, value, budget))) return false;
  if (schema.anyOf && !schema.anyOf.some((s) => matches(s, value, budget))) return false;
  if (schema.oneOf && schema.oneOf.filter((s) => matches(s, value, budget)).length !== 1) return false;
  if (schema.not !== undefined && matches(schema.not, value, budget)) return false;
  if (schema.if !== undefined) {
    const branch = matches(schema.if, value, budget) ? schema.then : schema.else;
    if (branch !== undefined && !matches(branch, value, budget)) return false;
  }
  return true;
}
