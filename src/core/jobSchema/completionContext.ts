// core/jobSchema — what the cursor is on while a definition is typed: a key to write, or a key's value.
/**
 * From the line tree (completionTree.ts) and the cursor line's own tokens: the indentation, any
 * `- ` items, then either a word being typed (a key, or a list item's value) or `key: ` and the
 * start of its value. The place is found by column, as YAML reads it: the cursor's first token sits
 * in the deepest mapping or sequence, opened before the cursor's line, whose column it matches;
 * below a key with nothing after it, it starts a new mapping or sequence there.
 */
import { YamlPath } from '../model/jobSchema';
import { LineTree, MapNode, stripComment, TreeNode } from './completionTree';

export interface KeyContext {
  readonly kind: 'key';
  /** The mapping's path (for a list item being typed: the item's path). */
  readonly path: YamlPath;
  /** Keys already there (the entry being typed left out). */
  readonly present: readonly string[];
  /** What the typed word replaces. */
  readonly start: number;
  readonly end: number;
  readonly prefix: string;
  /** Whether the word starts a list item (`- word`): a scalar value may be typed here too. */
  readonly item: boolean;
}

export interface ValueContext {
  readonly kind: 'value';
  /** The key's path. */
  readonly path: YamlPath;
  readonly start: number;
  readonly end: number;
  readonly prefix: string;
}

export type CursorContext = KeyContext | ValueContext;

const LINE = /^([ \t]*)((?:-[ \t]+)*)(.*)$/;
const KEY_THEN_VALUE = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"\-?:,[\]{}][^#:]*?))[ \t]*:[ \t]+(.*)$/;
const WORD = /^[^\s:#,[\]{}]*$/;

/** The index of the line holding `offset`. */
export function lineOf(tree: LineTree, offset: number): number {
  const starts = tree.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The cursor's context, or undefined where nothing is offered (a comment, a flow collection, a block scalar's text). */
export function cursorContext(tree: LineTree, offset: number): CursorContext | undefined {
  const line = lineOf(tree, offset);
  const lineStart = tree.lineStarts[line];
  const prefixText = tree.text.slice(lineStart, offset);
  if (prefixText.includes('\t') && /^\s*\t/.test(prefixText)) return undefined; // tabs do not indent YAML
  if (stripComment(prefixText) !== prefixText) return undefined;
  const m = LINE.exec(prefixText);
  if (!m) return undefined;
  const dashes: number[] = [];
  for (let i = 0; i < m[2].length; i++) if (m[2][i] === '-') dashes.push(m[1].length + i);
  const restCol = m[1].length + m[2].length;
  const rest = m[3];
  const lineEnd = tree.text.indexOf('\n', offset);
  const after = tree.text.slice(offset, lineEnd < 0 ? tree.text.length : lineEnd);
  const wordAfter = /^[^\s:#,[\]{}]*/.exec(after)?.[0].length ?? 0;

  const kv = KEY_THEN_VALUE.exec(rest);
  let key: string | undefined;
  let prefix: string;
  let start: number;
  if (kv) {
    key = kv[1] !== undefined ? kv[1] : kv[2] !== undefined ? kv[2].replace(/''/g, "'") : kv[3].trimEnd();
    const value = kv[4];
    if (!/^["']?[^\s#,[\]{}"']*$/.test(value)) return undefined;
    prefix = value.replace(/^["']/, '');
    start = offset - value.length;
  } else if (WORD.test(rest)) {
    prefix = rest;
    start = offset - rest.length;
  } else {
    return undefined;
  }
  const end = offset + wordAfter;
  if (!tree.root && line > 0 && tree.text.slice(0, lineStart).trim() !== '') return undefined;
  const place = findPlace(tree.root, line, dashes, restCol);
  if (!place) return undefined;
  if (key !== undefined) return { kind: 'value', path: [...place.path, key], start, end, prefix };
  return { kind: 'key', path: place.path, present: place.present, start, end, prefix, item: place.item };
}

interface Place {
  path: (string | number)[];
  present: string[];
  item: boolean;
}

function keysOf(map: MapNode | undefined, line: number): string[] {
  return map ? map.entries.filter((e) => !e.partial && e.line !== line).map((e) => e.key) : [];
}

function lastBefore<T extends { line: number }>(list: readonly T[], line: number): number {
  let found = -1;
  for (let i = 0; i < list.length && list[i].line < line; i++) found = i;
  return found;
}

/** Where the cursor line's tokens go: the dashes at `dashes` columns, then the word at `col`. */
function findPlace(root: TreeNode | undefined, line: number, dashes: readonly number[], col: number): Place | undefined {
  const path: (string | number)[] = [];
  const tokens = [...dashes];
  const first = tokens.length > 0 ? tokens[0] : col;
  let node: TreeNode | undefined = root;
  // Down through what exists before the cursor's line.
  for (let depth = 0; node && depth < 200; depth++) {
    if (node.kind === 'scalar') {
      // A scalar above, at the same place (the cursor's line is the first of the document, or a value typed on it).
      if (node.line >= line) break;
      return undefined;
    }
    if (node.kind === 'map') {
      if (first <= node.col && tokens.length === 0) return { path, present: keysOf(node, line), item: false };
      const at = lastBefore(node.entries, line);
      if (at < 0) {
        if (node.line >= line) break; // the map starts on the cursor's line: new there
        return undefined;
      }
      const entry = node.entries[at];
      if (entry.partial) return undefined;
      path.push(entry.key);
      const value: TreeNode | undefined = entry.value;
      if (!value || value.line >= line) break;
      if (value.kind === 'scalar') return undefined;
      // Less indented than the entries below the key: a new block there (unusual).
      if (first < value.col && !(value.kind === 'seq' && first === entry.col)) break;
      node = value;
      continue;
    }
    // A sequence.
    if (tokens.length > 0 && first === node.col) {
      tokens.shift();
      const index = lastBefore(node.items, line) + 1;
      path.push(index);
      const here = node.items[index];
      const hereMap = here && here.line === line && here.value?.kind === 'map' ? here.value : undefined;
      if (tokens.length === 0) return { path, present: keysOf(hereMap, line), item: true };
      break;
    }
    if (first <= node.col) return undefined;
    const at = lastBefore(node.items, line);
    if (at < 0) return undefined;
    path.push(at);
    const value: TreeNode | undefined = node.items[at].value;
    if (!value) break;
    if (value.kind === 'scalar') return undefined;
    node = value;
  }
  // New structure: each remaining dash opens a new sequence's first item.
  for (let i = 0; i < tokens.length; i++) path.push(0);
  return { path, present: [], item: tokens.length > 0 };
}
