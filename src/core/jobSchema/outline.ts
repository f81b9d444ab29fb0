// core/jobSchema — the Outline and folding of a job definition, from the line tree.
/**
 * The Outline lists the definition's top-level keys in order; under `actions`, each action in order
 * with its kind (`deploy`, `boot`, `test`, `command`, or whatever key the item has), its method
 * (`to:` of a deploy, `method:` of a boot, `name:` of a command, the number of test definitions)
 * and its own timeout. Folding: every key or list item whose block spans more than one line.
 * Names are the user's text: one line, bounded (they are plain text in the Outline).
 */
import { oneLine } from '../untrusted/sanitize';
import { OUTLINE_TEXT } from '../text/completionText';
import { LineTree, MapEntry, MapNode, scalarValue, TreeNode } from './completionTree';

const MAX_NAME = 80;

export type OutlineKind = 'key' | 'deploy' | 'boot' | 'test' | 'command' | 'action';

export interface DefinitionSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: OutlineKind;
  readonly line: number;
  readonly endLine: number;
  /** The key's own text (offsets). */
  readonly selectionStart: number;
  readonly selectionEnd: number;
  readonly children: DefinitionSymbol[];
}

function scalarText(node: TreeNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar' || node.block) return undefined;
  const v = scalarValue(node);
  return v === null || typeof v === 'object' ? undefined : oneLine(String(v), MAX_NAME);
}

function entryOf(map: TreeNode | undefined, key: string): MapEntry | undefined {
  return map?.kind === 'map' ? map.entries.find((e) => !e.partial && e.key === key) : undefined;
}

const UNITS: readonly [string, string][] = [
  ['days', 'd'],
  ['hours', 'h'],
  ['minutes', 'min'],
  ['seconds', 's'],
];

/** `timeout: {minutes: 5}` → "5 min" (several units: "1 h 30 min"). */
export function timeoutText(node: TreeNode | undefined): string | undefined {
  if (!node || node.kind !== 'map') return undefined;
  const parts: string[] = [];
  for (const [unit, short] of UNITS) {
    const v = scalarText(entryOf(node, unit)?.value);
    if (v !== undefined) parts.push(`${v} ${short}`);
  }
  return parts.length ? parts.join(' ') : undefined;
}

function actionDetail(kind: string, body: TreeNode | undefined): string {
  const parts: string[] = [];
  const method =
    kind === 'deploy'
      ? scalarText(entryOf(body, 'to')?.value)
      : kind === 'boot'
        ? scalarText(entryOf(body, 'method')?.value)
        : kind === 'command'
          ? scalarText(entryOf(body, 'name')?.value)
          : undefined;
  if (method) parts.push(method);
  if (kind === 'test') {
    const defs = entryOf(body, 'definitions')?.value;
    if (defs?.kind === 'seq') parts.push(`definitions: ${defs.items.length}`);
    else if (entryOf(body, 'interactive')) parts.push('interactive');
    else if (entryOf(body, 'monitors')) parts.push('monitors');
  }
  const timeout = timeoutText(entryOf(body, 'timeout')?.value);
  if (timeout) parts.push(OUTLINE_TEXT.timeout(timeout));
  return parts.join(' · ');
}

function actionKind(key: string): OutlineKind {
  return key === 'deploy' || key === 'boot' || key === 'test' || key === 'command' ? key : 'action';
}

function actions(node: TreeNode | undefined): DefinitionSymbol[] {
  if (!node || node.kind !== 'seq') return [];
  const out: DefinitionSymbol[] = [];
  for (const item of node.items) {
    const map = item.value;
    if (!map || map.kind !== 'map') continue;
    const first = map.entries.find((e) => !e.partial);
    if (!first) continue;
    out.push({
      name: oneLine(first.key, MAX_NAME),
      detail: actionDetail(first.key, first.value),
      kind: actionKind(first.key),
      line: item.line,
      endLine: item.endLine,
      selectionStart: first.keyStart,
      selectionEnd: first.keyEnd,
      children: [],
    });
  }
  return out;
}

/** The Outline: top-level keys, the actions under `actions`. */
export function definitionOutline(tree: LineTree): DefinitionSymbol[] {
  const root = tree.root;
  if (!root || root.kind !== 'map') return [];
  return (root as MapNode).entries
    .filter((e) => !e.partial)
    .map((e) => ({
      name: oneLine(e.key, MAX_NAME),
      detail: e.key === 'timeouts' ? (timeoutText(entryOf(e.value, 'job')?.value) ?? '') : (scalarText(e.value) ?? ''),
      kind: 'key' as const,
      line: e.line,
      endLine: e.endLine,
      selectionStart: e.keyStart,
      selectionEnd: e.keyEnd,
      children: e.key === 'actions' ? actions(e.value) : [],
    }));
}

/** Folding ranges (0-based first and last line), one per start line, the widest. */
export function definitionFolding(tree: LineTree): { start: number; end: number }[] {
  const ends = new Map<number, number>();
  const add = (start: number, end: number) => {
    if (end > start && end > (ends.get(start) ?? -1)) ends.set(start, end);
  };
  const walk = (node: TreeNode | undefined, depth: number) => {
    if (!node || node.kind === 'scalar' || depth > 200) return;
    if (node.kind === 'map') {
      for (const e of node.entries) {
        add(e.line, e.endLine);
        walk(e.value, depth + 1);
      }
    } else {
      for (const i of node.items) {
        add(i.line, i.endLine);
        walk(i.value, depth + 1);
      }
    }
  };
  walk(tree.root, 0);
  return [...ends].sort((a, b) => a[0] - b[0]).map(([start, end]) => ({ start, end }));
}
