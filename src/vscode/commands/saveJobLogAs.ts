// vscode/commands — one command a file.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveServer, ServerConfig } from '../../core/config/servers';
import { parseJobLogUri } from '../../core/document/jobLogUri';
import { readRawLog } from '../../core/protocols/rawLog';
import { isAbort } from '../../core/net/errors';
import { SAVE_LOG } from '../../core/text/uiText';
import { plainNotification } from '../../core/untrusted/plainForSurface';
import { FollowContext } from '../follow/follows';
import { getFollowSettings, getServers } from '../settings';
import { withCancellableProgress } from '../views/cancellableProgress';
import { pickJob } from '../workflows/pickJob';

/** Lines of a document written in one piece (the thread is let go between pieces). */
const PLAIN_PIECE_LINES = 5000;

/**
 * LAVA: Save Job Log As… — the job's raw log (LAVA's YAML records, read page by page) or, from
 * a job log document, its text as shown; to a file chosen in the save dialog, written piece by
 * piece (a 100 MB log is never one string), with progress and Cancel (a cancelled or failed save
 * leaves no partial file). The job: the arguments, the active job log document, else asked.
 */
export async function saveJobLogAsCommand(deps: FollowContext, serverArg?: unknown, jobIdArg?: unknown): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const shown = editor ? parseJobLogUri(editor.document.uri) : undefined;
  const target =
    typeof serverArg === 'string' && typeof jobIdArg === 'string'
      ? { server: resolveServer(getServers(), serverArg).server, jobId: jobIdArg }
      : shown
        ? { server: resolveServer(getServers(), shown.serverUrl).server, jobId: shown.jobId }
        : await pickJob(deps.follows, SAVE_LOG.title, undefined, undefined);
  if (!target) return;
  const { server, jobId } = target;
  const document = shown && editor && shown.jobId === jobId && sameServer(shown.serverUrl, server.url) ? editor.document : undefined;
  const items = [
    { label: SAVE_LOG.raw, detail: SAVE_LOG.rawDetail, plain: false },
    ...(document ? [{ label: SAVE_LOG.plain, detail: SAVE_LOG.plainDetail, plain: true }] : []),
  ];
  const format =
    items.length > 1
      ? await vscode.window.showQuickPick(items, { title: SAVE_LOG.title, placeHolder: SAVE_LOG.formatPlaceholder(jobId) })
      : items[0];
  if (!format) return;
  const plain = format.plain && document !== undefined;
  const file = await vscode.window.showSaveDialog({
    title: SAVE_LOG.title,
    saveLabel: SAVE_LOG.saveLabel,
    defaultUri: vscode.Uri.file(path.join(defaultFolder(), `job_${jobId}.${plain ? 'log' : 'yaml'}`)),
    filters: plain ? { [SAVE_LOG.filterText]: ['log', 'txt'] } : { [SAVE_LOG.filterYaml]: ['yaml', 'yml'] },
  });
  if (!file) return;
  if (file.scheme !== 'file') {
    void vscode.window.showErrorMessage(SAVE_LOG.notLocal);
    return;
  }
  try {
    const bytes = await withCancellableProgress(SAVE_LOG.progress(jobId), (signal, progress) =>
      writeFile(
        file.fsPath,
        signal,
        (write, report) =>
          plain && document ? writeDocument(document, write, report, signal) : writeRaw(deps, server, jobId, write, report, signal),
        progress,
      ),
    );
    void vscode.window.showInformationMessage(plainNotification(SAVE_LOG.saved(jobId, file.fsPath, bytes)));
  } catch (err) {
    if (isAbort(err)) return; // cancelled: the partial file is gone, nothing to say
    void vscode.window.showErrorMessage(plainNotification(SAVE_LOG.failed(jobId, (err as Error).message)));
  }
}

type Write = (bytes: Uint8Array) => void;
type Report = (bytes: number) => void;

/** Opens the file, lets `fill` write it, closes it; removes it when `fill` fails or is cancelled. */
async function writeFile(
  file: string,
  signal: AbortSignal,
  fill: (write: Write, report: Report) => Promise<unknown>,
  progress: vscode.Progress<{ message?: string }>,
): Promise<number> {
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let reported = 0;
  const write: Write = (piece) => {
    if (signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
    for (let at = 0; at < piece.byteLength;) at += fs.writeSync(fd, piece, at, piece.byteLength - at);
    bytes += piece.byteLength;
  };
  const report: Report = (written) => {
    // A message each MB at most: progress without a flood of updates.
    if (written - reported < 1024 * 1024) return;
    reported = written;
    progress.report({ message: SAVE_LOG.written(written) });
  };
  let done = false;
  try {
    await fill(write, report);
    if (signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
    done = true;
    return bytes;
  } finally {
    fs.closeSync(fd);
    if (!done) fs.rmSync(file, { force: true });
  }
}

async function writeRaw(deps: FollowContext, server: ServerConfig, jobId: string, write: Write, report: Report, signal: AbortSignal) {
  // A token only for a configured server (resolveServer), and only to its own origin (core/net/http.ts).
  const configured = resolveServer(getServers(), server.url).configured;
  const credentials = configured ? await deps.tokens.credentials(server.url) : undefined;
  const api = await deps.apis.resolve(server, credentials);
  await readRawLog({
    api,
    serverUrl: server.url,
    jobId,
    fetch: deps.fetch,
    timeoutMs: getFollowSettings().timeoutMs,
    credentials,
    signal,
    write,
    progress: ({ bytes }) => report(bytes),
  });
}

/** The document's text, PLAIN_PIECE_LINES lines a piece, the thread let go between pieces. */
async function writeDocument(document: vscode.TextDocument, write: Write, report: Report, signal: AbortSignal): Promise<void> {
  const encoder = new TextEncoder();
  let bytes = 0;
  for (let line = 0; line < document.lineCount && !signal.aborted; line += PLAIN_PIECE_LINES) {
    const last = Math.min(line + PLAIN_PIECE_LINES, document.lineCount);
    const end = last < document.lineCount ? new vscode.Position(last, 0) : document.lineAt(document.lineCount - 1).range.end;
    const piece = encoder.encode(document.getText(new vscode.Range(new vscode.Position(line, 0), end)));
    write(piece);
    bytes += piece.byteLength;
    report(bytes);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function sameServer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** The first workspace folder, else the home folder. */
function defaultFolder(): string {
  const folder = (vscode.workspace.workspaceFolders as readonly vscode.WorkspaceFolder[] | undefined)?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : os.homedir();
}
