// core/submit — a LAVA job definition read from YAML text, with source positions.
import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import { documentValue, parseYamlDocument, yamlLib, YamlRefused } from '../yaml';
import { looksLikeJobText } from './definitionText';

/**
 * The largest job definition read (characters). The `yaml` library reads 0.5-1 MB/s on this machine's
 * loaded cores for the worst shapes (1-3 µs a character: many short keys, flow sequences, tags), so
 * 64 KB is one parse of about 100 ms at worst; LAVA's definitions are a few KB (the largest real
 * ones, with inline test definitions, some tens of KB). A longer text is not parsed: one problem
 * says so, and nothing is sent.
 */
export const MAX_DEFINITION_CHARS = 64 * 1024;
/**
 * The most YAML items (keys, list entries, lines: src/core/yaml.ts countItems) in a definition read:
 * the library's cost is mostly per node, so this bounds a short text of tiny nodes like the size
 * bounds a long one. A 64 KB real definition has about 4 000.
 */
export const MAX_DEFINITION_ITEMS = 6000;

/** Problems reported at most for one text (the rest would only fill Problems). */
export const MAX_YAML_PROBLEMS = 100;

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
  /** Set when the text was not parsed at all (over MAX_DEFINITION_CHARS, nested too deep): `doc` is empty. */
  refused?: 'too-big' | 'too-deep';
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
  const options = {
    maxChars: MAX_DEFINITION_CHARS,
    maxItems: MAX_DEFINITION_ITEMS,
    what: 'The job definition',
    version: '1.1' as const,
    lineCounter,
  };
  let doc: Document.Parsed;
  try {
    doc = parseYamlDocument(text, options);
  } catch (err) {
    if (!(err instanceof YamlRefused)) throw err;
    // Not parsed: the kind from a look at the text, the lines counted for positions, one problem.
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lineCounter.addNewLine(nl + 1);
    const empty = new Y.Document(null, { version: '1.1' }) as Document.Parsed;
    const def: JobDefinition = { kind: looksLikeJobText(text) ? 'job' : 'not-a-job', yamlErrors: [], doc: empty, text, lineCounter };
    def.refused = err.why;
    def.yamlErrors = [{ message: err.message, range: documentStart(def) }];
    return def;
  }
  const def: JobDefinition = { kind: 'not-a-job', yamlErrors: [], doc, text, lineCounter };
  const found = doc.errors.map((e) => ({ at: e.pos[0], end: wordEnd(text, e.pos[0], e.pos[1]), message: e.message }));
  found.push(...duplicateKeys(doc));
  found.sort((a, b) => a.at - b.at);
  def.yamlErrors = found.slice(0, MAX_YAML_PROBLEMS).map((e) => ({ message: e.message, range: rangeOf(def, e.at, e.end) }));
  def.kind = kindOf(doc.contents);
  return def;
}

/**
 * Keys repeated in one mapping (PyYAML, which LAVA uses, refuses them), as the library reported them
 * before its check was turned off (O(n²), see src/core/yaml.ts): same message, on the repeated key.
 * Found in one walk with a Set a mapping: scalar keys are the same when their values are (`yes` and
 * `true` both read true in YAML 1.1); other keys (a mapping as key) are never the same.
 */
export function duplicateKeys(doc: Document.Parsed): { at: number; end: number; message: string }[] {
  const Y = yamlLib();
  const out: { at: number; end: number; message: string }[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (Y.isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key;
        if (Y.isScalar(key)) {
          const v = key.value;
          const id = `${v === null ? 'null' : typeof v}:${String(v)}`;
          if (seen.has(id) && key.range)
            out.push({ at: key.range[0], end: Math.max(key.range[1], key.range[0] + 1), message: 'Map keys must be unique' });
          seen.add(id);
        } else if (key) stack.push(key);
        stack.push(pair.value);
      }
    } else if (Y.isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (Y.isPair(node)) {
      stack.push(node.key, node.value);
    }
  }
  return out;
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
  // The first line that is not blank or a comment, found without splitting the whole text.
  const text = def.text;
  let line = 0;
  for (let at = 0; at < text.length; line++) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const content = text.slice(at, end).replace(/\r$/, '');
    const trimmed = content.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return { startLine: line, startCol: 0, endLine: line, endCol: content.length };
    if (nl < 0) break;
    at = nl + 1;
  }
  return { startLine: 0, startCol: 0, endLine: 0, endCol: 0 };
}

/** The JavaScript value of the document (undefined when there is nothing). */
export function definitionValue(def: JobDefinition): unknown {
  return documentValue(def.doc, 1000);
}
