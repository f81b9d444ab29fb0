import * as vscode from 'vscode';
import { isAbort } from '../../core/net/errors';
import { jobDefinition } from '../../core/submit/jobActions';
import { actionFailedText, openDefinitionTitle } from '../../core/text/submitText';
import { LoopDeps, restDeps, showActionError } from '../workflows/restActions';
import { withCancellableProgress } from '../views/cancellableProgress';
import { pickJob } from '../workflows/pickJob';
import { ACTIONS, TITLES } from '../../core/text/uiText';

const TITLE = TITLES.openJobDefinition;

/**
 * LAVA: Open Job Definition — the job's `definition` (a MultiNode job: the whole submitted
 * `multinode_definition`, not one role's split) in an untitled YAML editor: edit it, then Submit
 * (its first Submit asks where to, offering the server it came from first).
 */
export async function openJobDefinitionCommand(deps: LoopDeps, serverArg?: unknown, jobIdArg?: unknown): Promise<void> {
  const target = await pickJob(deps.follows, TITLE, serverArg, jobIdArg);
  if (!target) return;
  const { server, jobId } = target;
  const sdeps = await restDeps(deps, server, ACTIONS.readDefinition(jobId), false);
  if (!sdeps) return;
  try {
    const stored = await withCancellableProgress(openDefinitionTitle(jobId), (signal) =>
      jobDefinition(server.url, jobId, { ...sdeps, signal }),
    );
    const content = stored.multinodeDefinition ? stored.multinodeDefinition : stored.definition;
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: content.endsWith('\n') ? content : `${content}\n` });
    deps.documents.rememberOrigin(doc.uri, server.url);
    await vscode.window.showTextDocument(doc);
  } catch (err) {
    if (isAbort(err)) return; // cancelled: nothing to say
    showActionError(err, actionFailedText(ACTIONS.readDefinitionFailed(jobId, server.name), (err as Error).message), server);
  }
}
