// core/jobSchema — completion items for a job definition, from the schema (JobSchemaQuery) alone.
/**
 * The cursor's context (completionContext.ts) gives a path and whether a key or a value is typed;
 * the schema says what goes there (`SchemaAt`): keys not yet present (required ones first), the
 * allowed values, and whether the server knows more (`serverValues`: device types, tags,
 * hostnames, added by the caller from completionServerValues.ts). No rule is written here.
 */
import { JobSchemaQuery, SchemaAt, SchemaType, ServerValueKind, YamlPath } from '../model/jobSchema';
import { cursorContext, CursorContext } from './completionContext';
import { LineTree, readLineTree, treeData } from './completionTree';
import { COMPLETION_TEXT } from '../text/completionText';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: 'key' | 'value';
  /** Plain text (no snippet syntax): a container key opens its block on the next line. */
  readonly insertText: string;
  readonly sortText: string;
  /** "required", the type… (ours, or a server's name checked by safeServerName). */
  readonly detail?: string;
  readonly required?: boolean;
  /** The description and documentation link (hover.ts words them). */
  readonly description?: string;
  readonly docUrl?: string;
  /** Ask for completion again once inserted (a key whose values are known). */
  readonly retrigger?: boolean;
}

export interface CompletionAnswer {
  readonly items: CompletionEntry[];
  /** What an item replaces. */
  readonly start: number;
  readonly end: number;
  /** Values the server knows here: the caller adds them (valueEntries). */
  readonly serverValues?: ServerValueKind;
  readonly context: CursorContext;
}

/** A document read once per version: the tree and its data. */
export interface ReadDefinition {
  readonly tree: LineTree;
  readonly data: unknown;
}

export function readForCompletion(text: string): ReadDefinition | undefined {
  const tree = readLineTree(text);
  return tree ? { tree, data: treeData(tree.root) } : undefined;
}

/** A copy of `data` with `value` at `path` (copies along the path only); undefined removes the key. */
export function withValueAt(data: unknown, path: YamlPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const list = Array.isArray(data) ? [...(data as unknown[])] : [];
    while (list.length < head) list.push(null);
    list[head] = withValueAt(list[head], rest, value);
    return list;
  }
  const map: Record<string, unknown> = typeof data === 'object' && data !== null && !Array.isArray(data) ? { ...(data as object) } : {};
  if (rest.length === 0 && value === undefined) {
    delete map[head];
    return map;
  }
  Object.defineProperty(map, head, {
    value: withValueAt(Object.prototype.hasOwnProperty.call(map, head) ? map[head] : undefined, rest, value),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return map;
}

function valueAt(data: unknown, path: YamlPath): unknown {
  let at = data;
  for (const p of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = Object.prototype.hasOwnProperty.call(at, p) ? (at as Record<string | number, unknown>)[p] : undefined;
  }
  return at;
}

/** A YAML scalar for `value`: quoted when plain text would read as something else. */
export function yamlScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const plainSafe =
    /^[A-Za-z0-9_./@+-][^:#]*$/.test(value) &&
    !/^(true|false|yes|no|on|off|null|~)$/i.test(value) &&
    !/^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(value) &&
    !/\s$/.test(value) &&
    !value.startsWith('- ');
  return plainSafe ? value : `'${value.replace(/'/g, "''")}'`;
}

function isContainer(types: readonly SchemaType[]): 'object' | 'array' | undefined {
  if (types.length === 0) return undefined;
  const scalar = types.some((t) => t !== 'object' && t !== 'array');
  if (scalar) return undefined;
  return types.includes('object') ? 'object' : 'array';
}

function sortKey(group: number, index: number): string {
  return `${group}${String(index).padStart(4, '0')}`;
}

function keyEntries(query: JobSchemaQuery, data: unknown, path: YamlPath, at: SchemaAt, present: readonly string[]): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  const seen = new Set(present);
  at.keys.forEach((k, index) => {
    if (seen.has(k.name)) return;
    const inner = query.at(data, [...path, k.name]);
    const container = isContainer(k.types.length ? k.types : (inner?.types ?? []));
    const name = yamlScalar(k.name);
    const insertText = container === 'object' ? `${name}:\n  ` : container === 'array' ? `${name}:\n- ` : `${name}: `;
    out.push({
      label: k.name,
      kind: 'key',
      insertText,
      sortText: sortKey(k.required ? 0 : 1, index),
      detail: k.required ? COMPLETION_TEXT.required : undefined,
      required: k.required,
      description: k.description ?? inner?.description,
      docUrl: k.docUrl ?? inner?.docUrl,
      retrigger: !container && !!inner && (inner.values.length > 0 || inner.serverValues !== undefined),
    });
  });
  return out;
}

function valueEntries(at: SchemaAt): CompletionEntry[] {
  return at.values.map((v, index) => ({
    label: String(v.value),
    kind: 'value' as const,
    insertText: yamlScalar(v.value),
    sortText: sortKey(2, index),
    description: v.description,
    docUrl: v.docUrl,
  }));
}

/** Names from a server that are offered: LAVA's names are slugs; anything else is left out. */
export function safeServerName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,99}$/.test(name);
}

/** Completion items for the server's names (device types, tags, hostnames), after the schema's. */
export function serverEntries(names: readonly string[], kind: ServerValueKind, known: readonly CompletionEntry[]): CompletionEntry[] {
  const seen = new Set(known.map((k) => k.label));
  const out: CompletionEntry[] = [];
  for (const name of names) {
    if (!safeServerName(name) || seen.has(name)) continue;
    seen.add(name);
    out.push({ label: name, kind: 'value', insertText: yamlScalar(name), sortText: sortKey(3, out.length), detail: SERVER_DETAIL[kind] });
  }
  return out;
}

const SERVER_DETAIL: Record<ServerValueKind, string> = {
  'device-type': COMPLETION_TEXT.serverDeviceType,
  'device-tag': COMPLETION_TEXT.serverDeviceTag,
  'device-hostname': COMPLETION_TEXT.serverDeviceHostname,
};

/** What to offer at `offset` (undefined: nothing, as in a comment or a block scalar's text). */
export function completeAt(query: JobSchemaQuery, read: ReadDefinition, offset: number): CompletionAnswer | undefined {
  const context = cursorContext(read.tree, offset);
  if (!context) return undefined;
  if (context.kind === 'value') {
    // The value being typed is left out: the schema then says every value the place takes.
    const data = withValueAt(read.data, context.path, undefined);
    const at = query.at(data, context.path);
    if (!at) return undefined;
    return { items: valueEntries(at), start: context.start, end: context.end, serverValues: at.serverValues, context };
  }
  const current = valueAt(read.data, context.path);
  const data =
    typeof current === 'object' && current !== null && !Array.isArray(current) ? read.data : withValueAt(read.data, context.path, {});
  let at = query.at(data, context.path);
  if (!at) return undefined;
  const items: CompletionEntry[] = [];
  if (at.keys.length > 0) items.push(...keyEntries(query, data, context.path, at, context.present));
  if (context.item || at.keys.length === 0) {
    // A list item or a place with no keys: its scalar values (read with the scalar there, not a mapping).
    const scalarAt = query.at(withValueAt(read.data, context.path, undefined), context.path) ?? at;
    items.push(...valueEntries(scalarAt));
    at = scalarAt;
  }
  return { items, start: context.start, end: context.end, serverValues: at.serverValues, context };
}
