// core/jobSchema — what the schema says at a path of a job definition (JobSchemaQuery, issue 23).
//
// The schema nodes that apply at a place are gathered level by level from the root: `$ref` resolved,
// `allOf` all taken, `anyOf`/`oneOf` branches that fit the data there (all of them while the data
// says nothing), `if`/`then`/`else` chosen by the data (a deploy's `to:`, a boot's `method:`, a
// test's `definitions`/`interactive`/`monitors`). Completion, hover and offline diagnostics all ask here.
import type { JobSchemaQuery, SchemaAt, SchemaKey, SchemaType, SchemaValue, ServerValueKind, YamlPath } from '../model/jobSchema';
import { JOB_SCHEMA, type JsonSchema, matches, propertySchema, resolve, type Schema, typeAllowed, typeOfValue, typesOf } from './schema';

/** Schema nodes gathered at one place at most (the file's nesting of allOf/anyOf/if is a few levels). */
const MAX_GATHERED = 256;
/** Nodes `matches` may visit for one query (an `if` over a large `actions` list). */
const QUERY_BUDGET = 200_000;

const SCHEMA_TYPES: readonly string[] = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'];
const SERVER_VALUES: readonly string[] = ['device-type', 'device-tag', 'device-hostname'];

/** Only `https:` links reach the UI (the file is ours, but the rule costs nothing). */
function httpsOnly(url: string | undefined): string | undefined {
  return url && /^https:\/\/[^\s]+$/.test(url) ? url : undefined;
}

/**
 * The schema nodes that apply to `value` under `schema` (flattened: refs resolved, allOf taken,
 * fitting anyOf/oneOf branches, chosen if-branches). Booleans are kept (`false`: the place takes nothing).
 */
export function gather(schema: Schema, value: unknown, budget: { ops: number }, out: Schema[] = []): Schema[] {
  if (out.length >= MAX_GATHERED) return out;
  const s = resolve(schema);
  out.push(s);
  if (typeof s === 'boolean') return out;
  for (const sub of s.allOf ?? []) gather(sub, value, budget, out);
  const branches = [...(s.anyOf ?? []), ...(s.oneOf ?? [])];
  if (branches.length) {
    const actual = typeOfValue(value);
    const fitting =
      value === undefined
        ? branches
        : branches.filter((b) => {
            const r = resolve(b);
            return typeof r === 'boolean' ? r : typeAllowed(typesOf(r), actual);
          });
    // Narrow further by the data where one branch or more takes it whole (a timeout's unit chosen).
    const whole = value === undefined ? [] : fitting.filter((b) => matches(b, value, budget));
    for (const b of whole.length ? whole : fitting) gather(b, value, budget, out);
  }
  if (s.if !== undefined && value !== undefined) {
    const branch = matches(s.if, value, budget) ? s.then : s.else;
    if (branch !== undefined) gather(branch, value, budget, out);
  }
  return out;
}

/** The value at `step` of the data (undefined when not there). */
function child(value: unknown, step: string | number): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return typeof step === 'number' ? value[step] : undefined;
  return typeof step === 'string' ? (value as Record<string, unknown>)[step] : undefined;
}

/** The schemas of the node at `step` under the schemas of its parent. */
function stepInto(parents: readonly Schema[], step: string | number): Schema[] {
  const out: Schema[] = [];
  for (const p of parents) {
    if (typeof p === 'boolean') continue;
    if (typeof step === 'number') {
      if (p.items !== undefined) out.push(p.items);
    } else {
      const sub = propertySchema(p, step);
      if (sub !== undefined) out.push(sub);
    }
  }
  return out;
}

function first<T>(schemas: readonly JsonSchema[], pick: (s: JsonSchema) => T | undefined): T | undefined {
  for (const s of schemas) {
    const v = pick(s);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** What the gathered schemas say together. */
function summarize(gathered: readonly Schema[]): SchemaAt {
  const objects = gathered.filter((s): s is JsonSchema => typeof s === 'object');
  const types = new Set<SchemaType>();
  for (const s of objects) for (const t of typesOf(s)) if (SCHEMA_TYPES.includes(t)) types.add(t as SchemaType);
  // A type that one node names but another (taken by allOf/if) forbids would show too much; rare in the file.
  const keys = new Map<string, SchemaKey>();
  const forbidden = new Set<string>();
  let closed = false;
  for (const s of objects) {
    if (s.additionalProperties === false) closed = true;
    for (const [name, sub] of Object.entries(s.properties ?? {})) {
      if (sub === false) {
        forbidden.add(name);
        continue;
      }
      const r = resolve(sub);
      const rs = typeof r === 'object' ? r : {};
      const had = keys.get(name);
      keys.set(name, {
        name,
        required: (had?.required ?? false) || (s.required?.includes(name) ?? false),
        description: had?.description ?? rs.description,
        docUrl: had?.docUrl ?? httpsOnly(rs['x-lava-doc']),
        types: had?.types.length ? had.types : (typesOf(rs).filter((t) => SCHEMA_TYPES.includes(t)) as SchemaType[]),
      });
    }
  }
  for (const s of objects) {
    for (const name of s.required ?? []) {
      const had = keys.get(name);
      if (had && !had.required) keys.set(name, { ...had, required: true });
    }
  }
  for (const name of forbidden) keys.delete(name);
  const values = new Map<string, SchemaValue>();
  for (const s of objects) {
    const list = s.enum ?? (s.const !== undefined ? [s.const] : []);
    list.forEach((v, i) => {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return;
      const id = `${typeof v}:${String(v)}`;
      if (values.has(id)) return;
      values.set(id, { value: v, description: s.enumDescriptions?.[i] || undefined, docUrl: httpsOnly(s['x-lava-enum-docs']?.[i]) });
    });
  }
  const server = first(objects, (s) => s['x-lava-server-values']);
  return {
    description: first(objects, (s) => s.description),
    docUrl: first(objects, (s) => httpsOnly(s['x-lava-doc'])),
    types: [...types],
    keys: [...keys.values()],
    openKeys: !closed,
    values: [...values.values()],
    ...(server && SERVER_VALUES.includes(server) ? { serverValues: server as ServerValueKind } : {}),
  };
}

/** The schemas that apply at `path` of `data` (empty when the schema says nothing is allowed there). */
export function schemasAt(data: unknown, path: YamlPath, root: Schema = JOB_SCHEMA): Schema[] {
  const budget = { ops: QUERY_BUDGET };
  let value: unknown = data;
  let here = gather(root, value, budget);
  for (const step of path) {
    const next = stepInto(here, step);
    value = child(value, step);
    here = [];
    for (const s of next) gather(s, value, budget, here);
    if (!here.length) return [];
  }
  return here;
}

/** The query over the shipped schema. */
export function jobSchemaQuery(root: JsonSchema = JOB_SCHEMA): JobSchemaQuery {
  return {
    lavaVersion: root['x-lava-version'] ?? 'unknown',
    at(data: unknown, path: YamlPath): SchemaAt | undefined {
      const here = schemasAt(data, path, root);
      if (!here.length || here.every((s) => s === false)) return undefined;
      return summarize(here);
    },
  };
}
