import * as vscode from 'vscode';
import { hoverAt } from '../../core/jobSchema/hover';
import { JobSchemaQuery } from '../../core/model/jobSchema';
import { DefinitionReads } from './definitionReads';

/** Markdown we built (core/jobSchema/hover.ts escapes every text in it), shown untrusted: no command, no HTML, no icon. */
export function untrustedMarkdown(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  return md;
}

/** Hover on a job definition's keys and allowed values: the schema's description and LAVA's docs link. */
export class DefinitionHover implements vscode.HoverProvider {
  constructor(
    private readonly reads: DefinitionReads,
    private readonly schema: JobSchemaQuery,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const read = this.reads.read(document);
    if (!read) return undefined;
    const answer = hoverAt(this.schema, read, document.offsetAt(position));
    if (!answer) return undefined;
    return new vscode.Hover(
      untrustedMarkdown(answer.markdown),
      new vscode.Range(document.positionAt(answer.start), document.positionAt(answer.end)),
    );
  }
}
