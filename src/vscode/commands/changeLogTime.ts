import * as vscode from 'vscode';
import { JOB_LOG_SCHEME } from '../../core/document/jobLogUri';
import { timeModeOf } from '../../core/log/format';
import { TimeMode } from '../../core/log/recordTime';
import { JobLogDocuments } from '../views/jobLogDocuments';
import { LOG_TIME_CHOICES, NOTICES, PROMPTS, TITLES } from '../../core/text/uiText';

const MODES: readonly TimeMode[] = ['utc', 'local', 'elapsed', 'hidden'];
const CHOICES: readonly { mode: TimeMode; label: string; description: string }[] = MODES.map((mode) => ({
  mode,
  ...LOG_TIME_CHOICES[mode],
}));

/**
 * LAVA: Change Log Timestamp Format… — how the active job log shows each line's time. Only that
 * document is rendered again, from the log held here (no request); `lava.timestamps` is
 * what new channels and documents start with.
 */
export async function changeLogTimeCommand(documents: JobLogDocuments): Promise<void> {
  const uri = vscode.window.activeTextEditor?.document.uri;
  const format = uri && uri.scheme === JOB_LOG_SCHEME ? documents.formatOf(uri) : undefined;
  if (!uri || !format) {
    void vscode.window.showInformationMessage(NOTICES.openJobLogFirst);
    return;
  }
  const current = timeModeOf(format);
  const items = CHOICES.map((c) => ({ ...c, label: c.mode === current ? `$(check) ${c.label}` : c.label }));
  const picked = await vscode.window.showQuickPick(items, {
    title: TITLES.changeLogTime,
    placeHolder: PROMPTS.logTime,
  });
  if (!picked || picked.mode === current) return;
  // startMs undefined: elapsed time counts from this job's first record (renderLog).
  documents.setFormat(uri, { ...format, time: picked.mode, startMs: undefined });
}
