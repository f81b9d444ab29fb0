import * as vscode from 'vscode';
import { MAX_JOB_FILE_CHARS } from '../../core/submit/definitionText';
import { looksLikeJobDefinition } from '../../core/submit/definitionAndJobIds';
import { definitionRefusalText } from '../../core/text/submitText';
import { DEFINITIONS } from '../../core/text/uiText';

const MAX_FILES = 500;

/**
 * The job definition a command acts on: the document a CodeLens names; else the active editor
 * (unsaved changes included) when it is YAML or looks like a job — an empty one is told; else a
 * job definition picked among the workspace's YAML files.
 */
export async function definitionDocument(arg: unknown, what: 'submit' | 'validate'): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  const doc = vscode.window.activeTextEditor?.document;
  if (doc) {
    const text = doc.getText();
    if (text.trim() === '' && (doc.languageId === 'yaml' || doc.isUntitled)) {
      void vscode.window.showErrorMessage(definitionRefusalText('empty', what));
      return undefined;
    }
    if (doc.languageId === 'yaml' || looksLikeJobDefinition(text)) return doc;
  }
  return pickWorkspaceDefinition(what);
}

async function pickWorkspaceDefinition(what: 'submit' | 'validate'): Promise<vscode.TextDocument | undefined> {
  const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/node_modules/**', MAX_FILES);
  const found: vscode.Uri[] = [];
  for (const uri of files) {
    try {
      // A file too large to be looked at is not read (looksLikeJobDefinition would refuse it anyway).
      if ((await vscode.workspace.fs.stat(uri)).size > MAX_JOB_FILE_CHARS * 4) continue;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      if (looksLikeJobDefinition(text)) found.push(uri);
    } catch {
      // unreadable: not offered
    }
  }
  if (!found.length) {
    void vscode.window.showErrorMessage(DEFINITIONS.noneInWorkspace(what));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: DEFINITIONS.pickTitle(what), placeHolder: DEFINITIONS.pickPlaceholder },
  );
  if (!picked) return undefined;
  const doc = await vscode.workspace.openTextDocument(picked.uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}
