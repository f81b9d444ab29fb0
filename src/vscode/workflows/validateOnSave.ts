import * as vscode from 'vscode';
import { KeyedDebounce } from '../../core/util/keyedDebounce';
import { looksLikeJobDefinition } from '../../core/submit/definitionAndJobIds';
import { LoopDeps } from './restActions';
import { saveValidation } from '../../core/submit/consentPolicy';
import { NOT_VALIDATED_UNTRUSTED } from '../../core/text/trustText';
import { getServers, getValidateOnSave } from '../settings';
import { validateDocument, validateOnSaveEnabled } from './validateDocument';

/** Validation a little after the last save: a burst of saves (Save All, auto save) asks once. */
const DEBOUNCE_MS = 600;
const STATUS_MS = 8000;

/**
 * Validates recognized job definitions when they are saved (`lava.validateOnSave`), in a trusted
 * workspace only (core/submit/submitConsent.ts saveValidation); a closed
 * document's diagnostics (and any validation in flight for it) are dropped.
 */
export function watchDefinitions(deps: LoopDeps): vscode.Disposable {
  const debounce = new KeyedDebounce(DEBOUNCE_MS, async (key, isLatest) => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (!doc || doc.isClosed) return;
    // Restricted Mode: nothing from the workspace goes to a server unless the user asks.
    const when = saveValidation(vscode.workspace.isTrusted, getValidateOnSave(), getServers().length);
    if (when === 'untrusted') vscode.window.setStatusBarMessage(NOT_VALIDATED_UNTRUSTED, STATUS_MS);
    if (when !== 'validate') return;
    await validateDocument(deps, doc, { interactive: false, isLatest });
  });
  const subscriptions = [
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (!validateOnSaveEnabled()) return;
      if (looksLikeJobDefinition(doc.getText()) || deps.diagnostics.has(doc.uri)) debounce.schedule(doc.uri.toString());
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      debounce.cancel(doc.uri.toString());
      deps.diagnostics.clear(doc.uri);
      deps.documents.forget(doc.uri);
    }),
  ];
  return { dispose: () => [debounce, ...subscriptions].forEach((d) => d.dispose()) };
}
