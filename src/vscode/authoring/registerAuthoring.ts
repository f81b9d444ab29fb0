import * as vscode from 'vscode';
import { ServerValues, ReadNames } from '../../core/jobSchema/completionServerValues';
import { JobSchemaQuery } from '../../core/model/jobSchema';
import { ServerConfig } from '../../core/config/servers';
import { Clock } from '../../core/util/clock';
import { DefinitionCompletion } from './definitionCompletion';
import { DefinitionHover } from './definitionHover';
import { DefinitionReads } from './definitionReads';
import { DefinitionStructure } from './definitionStructure';
import { OUTLINE_TEXT } from '../../core/text/completionText';

export interface AuthoringDeps {
  schema: JobSchemaQuery;
  readNames: ReadNames;
  clock: Pick<Clock, 'now'>;
  serverOf: (uri: vscode.Uri) => ServerConfig | undefined;
}

/** Completion, hover, Outline and folding for job definitions (YAML documents that look like one). */
export function registerAuthoring(deps: AuthoringDeps): vscode.Disposable {
  const selector: vscode.DocumentSelector = { language: 'yaml' };
  const reads = new DefinitionReads();
  const values = new ServerValues(deps.readNames, deps.clock);
  const structure = new DefinitionStructure(reads);
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(
      selector,
      new DefinitionCompletion({ reads, schema: deps.schema, values, serverOf: deps.serverOf }),
      ' ',
    ),
    vscode.languages.registerHoverProvider(selector, new DefinitionHover(reads, deps.schema)),
    vscode.languages.registerDocumentSymbolProvider(selector, structure, { label: OUTLINE_TEXT.label }),
    vscode.languages.registerFoldingRangeProvider(selector, structure),
    vscode.workspace.onDidCloseTextDocument((d) => reads.forget(d.uri)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lava.servers')) values.clear();
    }),
  );
}
