// core/jobSchema — hover text on a job definition's keys and allowed values, from the schema.
/**
 * The text is Markdown we build: the key or value (the user's own text, escaped with
 * markdownText), the schema's description (escaped as well), and a link to LAVA's documentation
 * when the schema names an https page. No command link, no HTML, no icon: the VS Code layer shows
 * it untrusted (`isTrusted` false, `supportHtml` false, `supportThemeIcons` false).
 */
import { JobSchemaQuery, SchemaAt, YamlPath } from '../model/jobSchema';
import { markdownText } from '../untrusted/plainForSurface';
import { ReadDefinition, withValueAt } from './completion';
import { LineTree, scalarValue, TreeNode } from './completionTree';
import { lineOf } from './completionContext';
import { HOVER_TEXT } from '../text/completionText';

/** The longest key or value quoted in a hover (characters). */
const MAX_QUOTED = 80;
/** The longest description shown (characters). */
const MAX_DESCRIPTION = 1000;

export interface HoverAnswer {
  /** Markdown, safe to show untrusted. */
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

/** What the offset is on: a key (its path), or a scalar value (its key's path). */
export interface NodeAt {
  readonly kind: 'key' | 'value';
  readonly path: YamlPath;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly value?: unknown;
}

/** The key or scalar value under `offset`, found in the line tree. */
export function nodeAt(tree: LineTree, offset: number): NodeAt | undefined {
  const line = lineOf(tree, offset);
  const root = tree.root;
  const path: (string | number)[] = [];
  let node = root;
  for (let depth = 0; node && depth < 200; depth++) {
    if (node.kind === 'scalar') {
      if (node.block || offset < node.start || offset > node.end) return undefined;
      return { kind: 'value', path, start: node.start, end: node.end, text: node.text, value: scalarValue(node) };
    }
    if (node.kind === 'map') {
      let next: TreeNode | undefined;
      for (const e of node.entries) {
        if (e.partial) continue;
        if (offset >= e.keyStart && offset <= e.keyEnd) {
          return { kind: 'key', path: [...path, e.key], start: e.keyStart, end: e.keyEnd, text: e.key };
        }
        if (e.value && e.line <= line && line <= e.endLine) {
          path.push(e.key);
          next = e.value;
          break;
        }
      }
      node = next;
      continue;
    }
    let next: TreeNode | undefined;
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i];
      const v = item.value;
      if (v && item.line <= line && line <= item.endLine) {
        path.push(i);
        next = v;
        break;
      }
    }
    node = next;
  }
  return undefined;
}

function quoted(text: string): string {
  const t = text.length > MAX_QUOTED ? text.slice(0, MAX_QUOTED) + '…' : text;
  return `**${markdownText(t)}**`;
}

function described(description: string | undefined, docUrl: string | undefined): string[] {
  const out: string[] = [];
  if (description) {
    const d = description.length > MAX_DESCRIPTION ? description.slice(0, MAX_DESCRIPTION) + '…' : description;
    out.push(markdownText(d));
  }
  const link = docLink(docUrl);
  if (link) out.push(`[${HOVER_TEXT.docLink}](${link})`);
  return out;
}

/** A completion item's documentation: the description and the link (undefined when the schema has neither). */
export function entryMarkdown(description: string | undefined, docUrl: string | undefined): string | undefined {
  const lines = described(description, docUrl);
  return lines.length ? lines.join('\n\n') : undefined;
}

/** An https URL fit for a Markdown link target, or undefined. */
export function docLink(url: string | undefined): string | undefined {
  if (!url || url.length > 500) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return undefined;
  return parsed.href.replace(/[()<>\s"'\\]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

/** The hover at `offset`, or undefined when the schema says nothing there. */
export function hoverAt(query: JobSchemaQuery, read: ReadDefinition, offset: number): HoverAnswer | undefined {
  const at = nodeAt(read.tree, offset);
  if (!at) return undefined;
  if (at.kind === 'key') {
    const parent = query.at(read.data, at.path.slice(0, -1));
    const key = parent?.keys.find((k) => k.name === at.text);
    const own: SchemaAt | undefined = query.at(read.data, at.path);
    const description = key?.description ?? own?.description;
    const docUrl = key?.docUrl ?? own?.docUrl;
    const lines = described(description, docUrl);
    if (lines.length === 0) return undefined;
    return { markdown: [quoted(at.text), ...lines].join('\n\n'), start: at.start, end: at.end };
  }
  if (typeof at.value !== 'string' && typeof at.value !== 'number' && typeof at.value !== 'boolean') return undefined;
  const here = query.at(withValueAt(read.data, at.path, at.value), at.path);
  const value = here?.values.find((v) => v.value === at.value || String(v.value) === String(at.value));
  if (!value) return undefined;
  const lines = described(value.description, value.docUrl);
  if (lines.length === 0) return undefined;
  return { markdown: [quoted(String(value.value)), ...lines].join('\n\n'), start: at.start, end: at.end };
}
