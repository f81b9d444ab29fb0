import * as vscode from 'vscode';
import { JOB_LOG_SCHEME } from '../../core/document/jobLogUri';
import { JobLogDocuments } from '../views/jobLogDocuments';
import { NOTICES, PROMPTS, TITLES } from '../../core/text/uiText';

/** LAVA's log levels, in the order of the buttons of LAVA's job page. */
export const LOG_LEVELS = ['exception', 'error', 'warning', 'info', 'debug', 'input', 'target', 'feedback', 'results'] as const;

/**
 * LAVA: Filter Log Levels… — which levels the active job log shows (a multi-select, like the
 * web page's buttons). The document is rendered again from the log held here: no request.
 */
export async function filterLogLevelsCommand(documents: JobLogDocuments): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const uri = editor?.document.uri;
  const format = uri && uri.scheme === JOB_LOG_SCHEME ? documents.formatOf(uri) : undefined;
  if (!uri || !format) {
    void vscode.window.showInformationMessage(NOTICES.openJobLogFirst);
    return;
  }
  const shown = format.levels;
  const items = LOG_LEVELS.map((level) => ({ label: level, picked: !shown || shown.has(level) }));
  const picked = await vscode.window.showQuickPick(items, {
    title: TITLES.filterLogLevels,
    placeHolder: PROMPTS.logLevels,
    canPickMany: true,
  });
  if (!picked) return;
  const levels = new Set(picked.map((p) => p.label));
  documents.setFormat(uri, { ...format, levels: levels.size === LOG_LEVELS.length ? undefined : levels });
}
