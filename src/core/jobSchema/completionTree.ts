// core/jobSchema — a lenient, line-based reading of a job definition while it is being typed.
/**
 * Completion, hover, the Outline and folding need the definition's block structure while the user
 * types: `to: ` with nothing after it, a key half typed on a new line, a new `- ` item. A full YAML
 * parse fails on such text or places the half-typed token elsewhere, and it costs up to ~100 ms on
 * a large definition (src/core/util/yaml.ts). This reader looks at indentation only, one pass over
 * the lines (about a millisecond for 2 000 lines): block mappings (`key: value`, plain or quoted
 * keys), block sequences (`- `, nested `- - `, `- key: value`), block scalars (`|`, `>`: their lines
 * are skipped), flow collections and multi-line plain scalars (kept as text). A line that is neither
 * a key nor an item where one is expected is kept as a `partial` entry (a key being typed).
 * The text is capped by the caller (MAX_TREE_CHARS); depth by MAX_TREE_DEPTH.
 */

/** The longest text read (characters): a longer one gets no tree (no completion, no Outline). */
export const MAX_TREE_CHARS = 2_000_000;
/** The deepest nesting followed; deeper lines are kept as text of their parent. */
export const MAX_TREE_DEPTH = 64;

export interface ScalarNode {
  readonly kind: 'scalar';
  /** The raw text (quotes kept), trimmed, without a trailing comment. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  /** A block scalar (`|`, `>`): its text is not read. */
  readonly block?: boolean;
}

export interface MapEntry {
  /** The key without quotes; for a partial entry, the text typed. */
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly line: number;
  endLine: number;
  readonly col: number;
  value?: TreeNode;
  /** A line that is not `key:` (a key being typed, or text the reader does not follow). */
  readonly partial?: boolean;
}

export interface SeqItem {
  /** Offset of the `-`. */
  readonly start: number;
  readonly line: number;
  endLine: number;
  readonly col: number;
  value?: TreeNode;
}

export interface MapNode {
  readonly kind: 'map';
  readonly col: number;
  readonly line: number;
  endLine: number;
  readonly entries: MapEntry[];
}

export interface SeqNode {
  readonly kind: 'seq';
  readonly col: number;
  readonly line: number;
  endLine: number;
  readonly items: SeqItem[];
}

export type TreeNode = ScalarNode | MapNode | SeqNode;

export interface LineTree {
  readonly root: TreeNode | undefined;
  /** Offset of each line's start. */
  readonly lineStarts: readonly number[];
  readonly text: string;
}

const KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"\-?:,[\]{}][^#:]*?|-[^\s#:][^#:]*?))[ \t]*:(?=[ \t]|$)/;

/** Where a line's token starts: the line and the column (past indentation and any `- `). */
interface Cursor {
  line: number;
  col: number;
}

class Reader {
  readonly lines: string[];
  readonly starts: number[] = [];
  constructor(readonly text: string) {
    this.lines = text.split('\n');
    let at = 0;
    for (const l of this.lines) {
      this.starts.push(at);
      at += l.length + 1;
    }
    for (let i = 0; i < this.lines.length; i++) {
      if (this.lines[i].endsWith('\r')) this.lines[i] = this.lines[i].slice(0, -1);
    }
  }

  /** The first line from `line` on with content (not blank, not only a comment, not a document marker). */
  nextContent(line: number): Cursor | undefined {
    for (let i = line; i < this.lines.length; i++) {
      const l = this.lines[i];
      const col = firstNonSpace(l);
      if (col < 0 || l[col] === '#') continue;
      if (col === 0 && (l.startsWith('---') || l.startsWith('...') || l.startsWith('%'))) continue;
      return { line: i, col };
    }
    return undefined;
  }

  /** A node at `at`, whose tokens sit at column `at.col`, for a parent at column `parentCol`. */
  node(at: Cursor, depth: number): { node: TreeNode; next: number } {
    const l = this.lines[at.line];
    const rest = l.slice(at.col);
    if (depth > MAX_TREE_DEPTH) return this.scalar(at, -1);
    if (isDash(rest)) return this.seq(at, depth);
    if (KEY.test(rest)) return this.map(at, depth);
    // A word alone on its line, then keys at its column: a key being typed above the others.
    const c = this.nextContent(at.line + 1);
    if (c && c.col === at.col && c.col === firstNonSpace(l) && KEY.test(this.lines[c.line].slice(c.col))) return this.map(at, depth);
    return this.scalar(at, at.col - 1);
  }

  /** A scalar from `at`; following lines indented more than `parentCol` continue it. */
  scalar(at: Cursor, parentCol: number): { node: ScalarNode; next: number } {
    const l = this.lines[at.line];
    const raw = stripComment(l.slice(at.col));
    const start = this.starts[at.line] + at.col;
    let text = raw.trimEnd();
    let end = start + text.length;
    let next = at.line + 1;
    if (/^[|>][-+0-9]*$/.test(text)) {
      // A block scalar: every following line more indented than the parent (or blank) is its text.
      while (next < this.lines.length && (firstNonSpace(this.lines[next]) < 0 || firstNonSpace(this.lines[next]) > parentCol)) next++;
      while (next - 1 > at.line && firstNonSpace(this.lines[next - 1]) < 0) next--;
      return { node: { kind: 'scalar', text, start, end, line: at.line, block: true }, next };
    }
    // A flow collection or a multi-line plain scalar: following lines more indented than the parent.
    for (let c = this.nextContent(next); c && c.col > parentCol; c = this.nextContent(next)) {
      const more = stripComment(this.lines[c.line].slice(c.col)).trimEnd();
      text += ' ' + more;
      end = this.starts[c.line] + c.col + more.length;
      next = c.line + 1;
    }
    return { node: { kind: 'scalar', text, start, end, line: at.line }, next };
  }

  map(at: Cursor, depth: number): { node: MapNode; next: number } {
    const node: MapNode = { kind: 'map', col: at.col, line: at.line, endLine: at.line, entries: [] };
    let cur: Cursor | undefined = at;
    let next = at.line + 1;
    while (cur && cur.col === node.col) {
      const l = this.lines[cur.line];
      const rest = l.slice(cur.col);
      if (isDash(rest)) break; // a sequence at the key's column belongs to the entry before
      const lineStart = this.starts[cur.line];
      const m = KEY.exec(rest);
      if (!m) {
        const typed = stripComment(rest).trimEnd();
        node.entries.push({
          key: typed,
          keyStart: lineStart + cur.col,
          keyEnd: lineStart + cur.col + typed.length,
          line: cur.line,
          endLine: cur.line,
          col: cur.col,
          partial: true,
        });
        next = cur.line + 1;
        // Lines under a key being typed stay under it (not read as the parent's).
        const c = this.nextContent(next);
        if (c && c.col > cur.col) next = this.node(c, depth + 1).next;
      } else {
        const key = m[1] !== undefined ? m[1] : m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3].trimEnd();
        const keyLen = m[3] !== undefined ? m[3].trimEnd().length : m[0].replace(/[ \t]*:$/, '').length;
        const entry: MapEntry = {
          key,
          keyStart: lineStart + cur.col,
          keyEnd: lineStart + cur.col + keyLen,
          line: cur.line,
          endLine: cur.line,
          col: cur.col,
        };
        node.entries.push(entry);
        const valueCol = cur.col + m[0].length + (firstNonSpace(rest.slice(m[0].length)) < 0 ? 0 : firstNonSpace(rest.slice(m[0].length)));
        const after = stripComment(l.slice(valueCol)).trim();
        next = cur.line + 1;
        if (after !== '') {
          // `key: value` on the line, or `key: - x` (not YAML) kept as text; `key: k: v` too.
          const r = this.scalar({ line: cur.line, col: valueCol }, cur.col);
          entry.value = r.node;
          next = r.next;
        } else {
          const c = this.nextContent(next);
          if (c && (c.col > cur.col || (c.col === cur.col && isDash(this.lines[c.line].slice(c.col))))) {
            const r = this.node(c, depth + 1);
            entry.value = r.node;
            next = r.next;
          }
        }
        entry.endLine = Math.max(entry.line, lastContentBefore(this, next));
      }
      node.endLine = Math.max(node.endLine, lastContentBefore(this, next));
      cur = this.nextContent(next);
    }
    return { node, next };
  }

  seq(at: Cursor, depth: number): { node: SeqNode; next: number } {
    const node: SeqNode = { kind: 'seq', col: at.col, line: at.line, endLine: at.line, items: [] };
    let cur: Cursor | undefined = at;
    let next = at.line + 1;
    while (cur && cur.col === node.col && isDash(this.lines[cur.line].slice(cur.col))) {
      const l = this.lines[cur.line];
      const item: SeqItem = { start: this.starts[cur.line] + cur.col, line: cur.line, endLine: cur.line, col: cur.col };
      node.items.push(item);
      const after = l.slice(cur.col + 1);
      const pad = firstNonSpace(after);
      next = cur.line + 1;
      if (pad >= 0 && after[pad] !== '#') {
        const r = this.node({ line: cur.line, col: cur.col + 1 + pad }, depth + 1);
        item.value = r.node;
        next = r.next;
      } else {
        const c = this.nextContent(next);
        if (c && c.col > cur.col) {
          const r = this.node(c, depth + 1);
          item.value = r.node;
          next = r.next;
        }
      }
      item.endLine = Math.max(item.line, lastContentBefore(this, next));
      node.endLine = item.endLine;
      cur = this.nextContent(next);
    }
    return { node, next };
  }
}

function lastContentBefore(r: Reader, next: number): number {
  for (let i = next - 1; i >= 0; i--) {
    const col = firstNonSpace(r.lines[i]);
    if (col >= 0 && r.lines[i][col] !== '#') return i;
  }
  return 0;
}

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) if (s[i] !== ' ' && s[i] !== '\t') return i;
  return -1;
}

function isDash(rest: string): boolean {
  return rest[0] === '-' && (rest.length === 1 || rest[1] === ' ' || rest[1] === '\t');
}

/** The text before a comment (`#` at the start or after a space, outside quotes). */
export function stripComment(s: string): string {
  let quote: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      if (i === 0 || /[\s:,[{]/.test(s[i - 1])) quote = ch;
    } else if (ch === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) {
      return s.slice(0, i);
    }
  }
  return s;
}

/** Reads `text` (see above). Undefined root for an empty text; no tree at all over MAX_TREE_CHARS. */
export function readLineTree(text: string): LineTree | undefined {
  if (text.length > MAX_TREE_CHARS) return undefined;
  const r = new Reader(text);
  const first = r.nextContent(0);
  let root: TreeNode | undefined;
  if (first) {
    const start = first.col === 0 ? first : { line: first.line, col: first.col };
    root = r.node(start, 0).node;
  }
  return { root, lineStarts: r.starts, text };
}

/** A scalar's value as YAML would read it (plain scalars: null, booleans, numbers; quotes removed). */
export function scalarValue(node: ScalarNode): unknown {
  const t = node.text;
  if (node.block) return '';
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  if (t.startsWith("'") && t.endsWith("'") && t.length >= 2) return t.slice(1, -1).replace(/''/g, "'");
  if (t.startsWith('[') && t.endsWith(']')) {
    const inner = t.slice(1, -1).trim();
    if (inner === '') return [];
    if (!/[[\]{}"']/.test(inner)) return inner.split(',').map((s) => plainValue(s.trim()));
    return t;
  }
  if (t.startsWith('{') && t.endsWith('}') && t.slice(1, -1).trim() === '') return {};
  return plainValue(t);
}

function plainValue(t: string): unknown {
  if (t === '' || t === '~' || t === 'null' || t === 'Null' || t === 'NULL') return null;
  if (/^(true|True|TRUE)$/.test(t)) return true;
  if (/^(false|False|FALSE)$/.test(t)) return false;
  if (/^[-+]?[0-9]+$/.test(t)) return Number(t);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(t)) return Number(t);
  return t;
}

/** The definition's data as the tree reads it (partial entries left out; a key with nothing: null). */
export function treeData(node: TreeNode | undefined): unknown {
  if (!node) return null;
  switch (node.kind) {
    case 'scalar':
      return scalarValue(node);
    case 'seq':
      return node.items.map((i) => treeData(i.value));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) {
        if (e.partial || Object.prototype.hasOwnProperty.call(out, e.key)) continue;
        Object.defineProperty(out, e.key, { value: treeData(e.value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}
