import * as vscode from 'vscode';
import { LavaError } from '../../core/net/errors';
import { checkDefinition } from '../../core/submit/definitionAndJobIds';
import { validateDefinition } from '../../core/submit/validate';
import { plainNotification } from '../../core/untrusted/plainForSurface';
import {
  definitionRefusalText,
  logTailOnlyText,
  notValidatedText,
  problemsText,
  saveStatusText,
  validatingTitle,
  validText,
} from '../../core/text/submitText';
import { documentName, LoopDeps, serverForDocument, submitDeps } from './restActions';
import { getServers, getValidateOnSave } from '../settings';
import { DEFINITIONS } from '../../core/text/uiText';

const STATUS_MS = 8000;

/**
 * Validates a document with its server: every problem a diagnostic (replacing the last ones).
 * `interactive` (the command): told in a notification; otherwise (on save) in the status bar,
 * and a server that cannot answer clears the diagnostics rather than leaving stale ones.
 */
export async function validateDocument(
  deps: LoopDeps,
  doc: vscode.TextDocument,
  opts: { interactive: boolean; isLatest: () => boolean },
): Promise<void> {
  const name = documentName(doc);
  const text = doc.getText();
  const check = checkDefinition(text);
  const tell = (severity: 'information' | 'warning' | 'error', message: string) => {
    if (!opts.interactive) {
      vscode.window.setStatusBarMessage(saveStatusText(message), STATUS_MS);
      return;
    }
    const show = {
      information: vscode.window.showInformationMessage,
      warning: vscode.window.showWarningMessage,
      error: vscode.window.showErrorMessage,
    };
    void show[severity](plainNotification(message));
  };
  if (!check.ok) {
    if (check.reason === 'yaml') deps.diagnostics.set(doc.uri, check.problems);
    else deps.diagnostics.clear(doc.uri);
    tell('error', definitionRefusalText(check.reason, 'validate', check.detail));
    return;
  }
  const server = opts.interactive ? serverForDocument(deps, doc.uri) : deps.documents.serverOf(doc.uri);
  if (!server) return;
  const sdeps = await submitDeps(deps, server);
  const api = await deps.apis.resolve(server, sdeps.credentials).catch((err: Error) => err);
  if (!opts.isLatest()) return;
  if (api === 'log-tail' || api instanceof Error) {
    deps.diagnostics.clear(doc.uri);
    tell(
      'error',
      api instanceof Error ? notValidatedText(name, server.name, api.message) : logTailOnlyText(server.name, DEFINITIONS.validateWhat),
    );
    return;
  }
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: validatingTitle(server.name) }, () =>
    validateDefinition(server.url, text, sdeps),
  );
  if (!opts.isLatest() || doc.isClosed) return;
  const notes = result.notes.length ? ` (${result.notes.join(' ')})` : '';
  switch (result.kind) {
    case 'valid':
      deps.diagnostics.clear(doc.uri);
      tell('information', validText(name, server.name) + notes);
      return;
    case 'problems':
      deps.diagnostics.set(doc.uri, result.problems);
      tell('warning', problemsText(name, result.problems.length, result.via === 'yaml' ? DEFINITIONS.yamlParser : server.name) + notes);
      return;
    case 'error':
      deps.diagnostics.clear(doc.uri);
      tell('error', notValidatedText(name, server.name, errorWords(result.error)));
  }
}

function errorWords(error: LavaError): string {
  return error.kind === 'network' || error.kind === 'timeout' ? DEFINITIONS.unreachable(error.message) : error.message;
}

/** Validation on save is on (`lava.validateOnSave`, default true) and there is a server to ask. */
export function validateOnSaveEnabled(): boolean {
  return getValidateOnSave() && getServers().length > 0;
}
