// core/jobSchema — a job definition's YAML as a tree of paths and source offsets (issue 23).
//
// Parsed once per text with src/core/util/yaml.ts (bounded: the caps of src/core/submit/definition.ts,
// YAML 1.1 as LAVA's PyYAML reads it). Offline diagnostics, completion and hover all ask this tree
// "what is at this offset" and "where is this path".
import type { Document, Node, Pair } from 'yaml';
import type { YamlPath } from '../model/jobSchema';
import { duplicateKeys, MAX_DEFINITION_CHARS, MAX_DEFINITION_ITEMS, MAX_YAML_PROBLEMS } from '../submit/definition';
import { documentValue, parseYamlDocument, yamlLib, YamlRefused } from '../util/yaml';

/** [start, end) offsets into the text (UTF-16 code units). */
export type OffsetRange = readonly [number, number];

/** What sits at an offset. */
export interface NodeAt {
  /** The path of the node: a key's path when on a key (`['actions', 0, 'deploy', 'to']`). */
  readonly path: YamlPath;
  /** On a key: that key's range. */
  readonly keyRange?: OffsetRange;
  /** The value's range (for `to: ` with nothing yet: an empty range just after the colon). */
  readonly valueRange?: OffsetRange;
  /** True when the offset is on the key itself (not its value). */
  readonly onKey: boolean;
  /** True when the offset is inside a mapping but on no key or value (a blank line, a new key being typed). */
  readonly inMapping?: boolean;
}

/** A syntax problem of the text itself (offsets). */
export interface YamlTreeError {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly code: 'yaml' | 'duplicate-key' | 'too-big';
}

export interface YamlTree {
  readonly text: string;
  /** The definition's value (undefined when nothing was parsed). */
  readonly data: unknown;
  /** The library's document (undefined when the text was refused: too big or too deep). */
  readonly doc?: Document.Parsed;
  readonly errors: readonly YamlTreeError[];
  nodeAt(offset: number): NodeAt | undefined;
  /** Where the node at `path` is: its key (for a mapping entry) and its value. */
  rangeOf(path: YamlPath): { keyRange?: OffsetRange; valueRange?: OffsetRange } | undefined;
  /** The library node at a path (the value node), for walks that need both data and ranges. */
  nodeOf(path: YamlPath): Node | undefined;
}

/** Parses a job definition's text (bounded; never throws for any text). */
export function parseTree(text: string): YamlTree {
  let doc: Document.Parsed | undefined;
  const errors: YamlTreeError[] = [];
  try {
    doc = parseYamlDocument(text, {
      maxChars: MAX_DEFINITION_CHARS,
      maxItems: MAX_DEFINITION_ITEMS,
      what: 'The job definition',
      version: '1.1',
    });
  } catch (err) {
    if (!(err instanceof YamlRefused)) throw err;
    errors.push({ start: 0, end: Math.min(firstLineEnd(text), text.length), message: err.message, code: 'too-big' });
  }
  let data: unknown = undefined;
  if (doc) {
    for (const e of doc.errors) {
      if (errors.length >= MAX_YAML_PROBLEMS) break;
      errors.push({ start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1), message: e.message, code: 'yaml' });
    }
    for (const d of duplicateKeys(doc)) {
      if (errors.length >= MAX_YAML_PROBLEMS) break;
      errors.push({ start: d.at, end: d.end, message: d.message, code: 'duplicate-key' });
    }
    try {
      data = documentValue(doc, 1000);
    } catch (err) {
      errors.push({ start: 0, end: firstLineEnd(text), message: err instanceof Error ? err.message : String(err), code: 'yaml' });
    }
  }
  const root = doc?.contents ?? undefined;
  return {
    text,
    data,
    doc,
    errors,
    nodeAt: (offset) => (root ? nodeAtOffset(text, root, offset) : undefined),
    rangeOf: (path) => (root ? rangeAtPath(root, path) : undefined),
    nodeOf: (path) => (root ? walk(root, path)?.value : undefined),
  };
}

function firstLineEnd(text: string): number {
  const nl = text.indexOf('\n');
  return nl < 0 ? text.length : nl;
}

function range(node: unknown): OffsetRange | undefined {
  const r = (node as Node | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

/** A scalar's key as it reads in the data (`String(1)` for `1:`), undefined for a non-scalar key. */
export function keyName(key: unknown): string | undefined {
  const Y = yamlLib();
  if (!Y.isScalar(key)) return undefined;
  const v = key.value;
  return v === null ? 'null' : String(v);
}

function nodeAtOffset(text: string, root: unknown, offset: number): NodeAt | undefined {
  const Y = yamlLib();
  const path: (string | number)[] = [];
  let node: unknown = root;
  // Depth is bounded by MAX_NESTING (the parse refuses deeper texts); one step a level.
  for (;;) {
    if (Y.isMap(node)) {
      let next: unknown;
      for (const pair of node.items as Pair[]) {
        const name = keyName(pair.key);
        const kr = range(pair.key);
        if (name === undefined || !kr) continue;
        if (offset >= kr[0] && offset <= kr[1]) {
          return { path: [...path, name], keyRange: kr, valueRange: range(pair.value), onKey: true };
        }
        const vr = range(pair.value);
        if (vr && offset >= vr[0] && offset <= vr[1] && !(vr[0] === vr[1] && !sameLine(text, kr[1], offset))) {
          path.push(name);
          next = pair.value;
          break;
        }
        // `to: ` with nothing yet (or a value node with no range): the value of this key while on its line.
        if (offset > kr[1] && sameLine(text, kr[1], offset) && isEmptyValue(pair.value)) {
          const at = vr ? vr[0] : offset;
          return { path: [...path, name], keyRange: kr, valueRange: [at, Math.max(at, offset)], onKey: false };
        }
      }
      if (next === undefined) return { path, valueRange: range(node), onKey: false, inMapping: true };
      node = next;
    } else if (Y.isSeq(node)) {
      let next: unknown;
      const items = node.items;
      for (let i = 0; i < items.length; i++) {
        const r = range(items[i]);
        if (r && offset >= r[0] && offset <= r[1]) {
          path.push(i);
          next = items[i];
          break;
        }
      }
      if (next === undefined) return { path, valueRange: range(node), onKey: false };
      node = next;
    } else {
      return { path, valueRange: range(node), onKey: false };
    }
  }
}

function isEmptyValue(value: unknown): boolean {
  const Y = yamlLib();
  return value === null || value === undefined || (Y.isScalar(value) && value.value === null);
}

function sameLine(text: string, from: number, to: number): boolean {
  if (to < from) return false;
  const nl = text.indexOf('\n', from);
  return nl < 0 || nl >= to;
}

function walk(root: unknown, path: YamlPath): { key?: unknown; value: Node | undefined } | undefined {
  const Y = yamlLib();
  let node: unknown = root;
  let key: unknown;
  for (const step of path) {
    if (Y.isMap(node) && typeof step === 'string') {
      const pair = (node.items as Pair[]).find((p) => keyName(p.key) === step);
      if (!pair) return undefined;
      key = pair.key;
      node = pair.value;
    } else if (Y.isSeq(node) && typeof step === 'number') {
      key = undefined;
      node = node.items[step];
      if (node === undefined) return undefined;
    } else return undefined;
  }
  return { key, value: (node ?? undefined) as Node | undefined };
}

function rangeAtPath(root: unknown, path: YamlPath): { keyRange?: OffsetRange; valueRange?: OffsetRange } | undefined {
  const w = walk(root, path);
  if (!w) return undefined;
  return { keyRange: range(w.key), valueRange: range(w.value) };
}
