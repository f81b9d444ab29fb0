// core/submit — a LAVA job definition read from YAML text, with source positions.
import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import { yamlLib } from './yamlLib';

/** A place in the text, 0-based lines and columns (UTF-16 code units, as VS Code counts them). */
export interface TextRange {
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
}

/** A problem of the YAML itself, found by our own parse (no server involved). */
export interface YamlProblem {
  message: string;
  range: TextRange;
}

/**
 * `job`: a single-node job (or an invalid one that still looks like a job);
 * `multinode`: `protocols.lava-multinode` is there; `not-a-job`: some other YAML.
 */
export type DefinitionKind = 'job' | 'multinode' | 'not-a-job';

export interface JobDefinition {
  kind: DefinitionKind;
  /** Syntax errors, duplicate keys, several documents: LAVA (PyYAML) would not read such a text either. */
  yamlErrors: YamlProblem[];
  /** The parsed document (nodes keep their source ranges). */
  doc: Document.Parsed;
  text: string;
  lineCounter: LineCounter;
}

/**
 * Parses `text` as LAVA would read it (YAML 1.1, like PyYAML: `<<` merge keys, yes/no) and
 * says whether it is a LAVA job definition: a mapping with `actions` and `job_name` (or, when
 * `job_name` is what is missing, `actions`, `timeouts` and a device type), MultiNode when
 * `protocols.lava-multinode` is there.
 */
export function readDefinition(text: string): JobDefinition {
  const Y = yamlLib();
  const lineCounter = new Y.LineCounter();
  const doc = Y.parseDocument(text, { version: '1.1', keepSourceTokens: true, lineCounter, prettyErrors: false });
  const def: JobDefinition = { kind: 'not-a-job', yamlErrors: [], doc, text, lineCounter };
  def.yamlErrors = doc.errors.map((e) => ({ message: e.message, range: rangeOf(def, e.pos[0], wordEnd(text, e.pos[0], e.pos[1])) }));
  def.kind = kindOf(doc.contents);
  return def;
}

/** The library marks some errors with one character: widen such a mark to the word it starts (a duplicate key). */
function wordEnd(text: string, start: number, end: number): number {
  if (end - start > 1) return end;
  const m = /^[^\s:,[\]{}#]+/.exec(text.slice(start, start + 200));
  return m ? start + m[0].length : end;
}

function kindOf(root: unknown): DefinitionKind {
  if (!yamlLib().isMap(root)) return 'not-a-job';
  const has = (k: string) => root.has(k);
  const multinode = yamlLib().isMap(root.get('protocols')) && (root.get('protocols') as YAMLMap).has('lava-multinode');
  const looksLikeJob = has('actions') && (has('job_name') || (has('timeouts') && (has('device_type') || multinode)));
  if (!looksLikeJob) return 'not-a-job';
  return multinode ? 'multinode' : 'job';
}

/** The range of the text between two offsets. */
export function rangeOf(def: JobDefinition, start: number, end: number): TextRange {
  const s = position(def, start);
  const e = position(def, Math.max(start, end));
  return { startLine: s.line, startCol: s.col, endLine: e.line, endCol: e.col };
}

/** 0-based line and column of an offset. */
export function position(def: JobDefinition, offset: number): { line: number; col: number } {
  const at = Math.max(0, Math.min(offset, def.text.length));
  const p = def.lineCounter.linePos(at);
  return { line: p.line - 1, col: p.col - 1 };
}

/** The range a node's text covers (its value, without trailing comments); undefined for a node without source. */
export function nodeRange(def: JobDefinition, node: unknown): TextRange | undefined {
  const r = (node as Node | null | undefined)?.range;
  if (!r) return undefined;
  return rangeOf(def, r[0], r[1]);
}

/**
 * Where "the document" is, for a problem about the whole job: the first key of the top-level
 * mapping (after the leading comments); otherwise the first line that is not a comment.
 */
export function documentStart(def: JobDefinition): TextRange {
  const root = def.doc.contents;
  if (yamlLib().isMap(root) && root.items.length) {
    const key = (root.items[0] as Pair).key;
    const r = nodeRange(def, key);
    if (r) return r;
  }
  const lines = def.text.split(/\r?\n/);
  const i = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const line = i < 0 ? 0 : i;
  return { startLine: line, startCol: 0, endLine: line, endCol: i < 0 ? 0 : lines[line].length };
}

/** The JavaScript value of the document (undefined when there is nothing). */
export function definitionValue(def: JobDefinition): unknown {
  return def.doc.toJS({ maxAliasCount: 1000 });
}
