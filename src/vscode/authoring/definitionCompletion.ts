import * as vscode from 'vscode';
import { CompletionEntry, completeAt, serverEntries } from '../../core/jobSchema/completion';
import { ServerValues } from '../../core/jobSchema/completionServerValues';
import { entryMarkdown } from '../../core/jobSchema/hover';
import { JobSchemaQuery } from '../../core/model/jobSchema';
import { ServerConfig } from '../../core/config/servers';
import { DefinitionReads } from './definitionReads';
import { untrustedMarkdown } from './definitionHover';

export interface CompletionDeps {
  reads: DefinitionReads;
  schema: JobSchemaQuery;
  values: ServerValues;
  /** The document's server (as validation chooses it); undefined: schema values only. */
  serverOf: (uri: vscode.Uri) => ServerConfig | undefined;
  /** How long a first read of the server's names is waited for before answering without them. */
  waitMs?: number;
}

/**
 * Completion in a job definition: keys, values, the server's names (cached per server; a server
 * that cannot be read adds nothing and shows nothing).
 */
export class DefinitionCompletion implements vscode.CompletionItemProvider {
  constructor(private readonly deps: CompletionDeps) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionList | undefined> {
    const read = this.deps.reads.read(document);
    if (!read) return undefined;
    const answer = completeAt(this.deps.schema, read, document.offsetAt(position));
    if (!answer) return undefined;
    let entries = answer.items;
    let incomplete = false;
    const kind = answer.serverValues;
    const server = kind ? this.deps.serverOf(document.uri) : undefined;
    if (kind && server) {
      let names = this.deps.values.peek(server.url, kind);
      if (!names) {
        names = await within(this.deps.values.get(server.url, kind), this.deps.waitMs ?? 2000);
        incomplete = names === undefined;
      }
      entries = [...entries, ...serverEntries(names ?? [], kind, entries)];
    }
    const range = new vscode.Range(document.positionAt(answer.start), document.positionAt(answer.end));
    return new vscode.CompletionList(
      entries.map((e) => toItem(e, range)),
      incomplete,
    );
  }
}

function toItem(e: CompletionEntry, range: vscode.Range): vscode.CompletionItem {
  const item = new vscode.CompletionItem(
    e.label,
    e.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember,
  );
  item.insertText = e.insertText;
  item.sortText = e.sortText;
  item.filterText = e.label;
  item.range = range;
  if (e.detail) item.detail = e.detail;
  const md = entryMarkdown(e.description, e.docUrl);
  if (md) item.documentation = untrustedMarkdown(md);
  if (e.retrigger) item.command = { title: '', command: 'editor.action.triggerSuggest' };
  return item;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    void promise.then((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}
