import * as vscode from 'vscode';
import { resolveServer, ServerConfig } from '../../core/config/servers';
import { plainLabel } from '../../core/untrusted/plainForSurface';
import { Follows } from '../follow/follows';
import { getServers } from '../settings';
import { askJobRef } from './askJobRef';
import { serverForJobRef } from './pickServer';
import { PROMPTS } from '../../core/text/uiText';
import { isUriParts, jobOfDocument } from '../../core/document/documentJob';
import { JobLogAddress } from '../../core/document/jobLogUri';

export interface JobTarget {
  server: ServerConfig;
  jobId: string;
}

/**
 * The job a document shows (a job log document, a job's Output channel) when a menu runs a command
 * with its URI (`arg`); with no argument, the active editor's. Undefined for any other document.
 */
export function jobOfMenuArgument(jobs: Follows, arg: unknown): JobLogAddress | undefined {
  const uri = arg === undefined ? vscode.window.activeTextEditor?.document.uri : arg;
  return isUriParts(uri) ? jobOfDocument(uri, jobs.channelList()) : undefined;
}

/**
 * The job a command acts on: the one its arguments name (a button: server URL and job id; an editor
 * title or context menu: the URI of a job log document or a job's channel, no question asked), else a
 * followed job picked from a list that also offers "another job", else an id or URL typed.
 */
export async function pickJob(jobs: Follows, title: string, serverArg: unknown, jobIdArg: unknown): Promise<JobTarget | undefined> {
  if (typeof serverArg === 'string' && typeof jobIdArg === 'string') {
    return { server: resolveServer(getServers(), serverArg).server, jobId: jobIdArg };
  }
  const shown = isUriParts(serverArg) ? jobOfMenuArgument(jobs, serverArg) : undefined;
  if (shown) return { server: resolveServer(getServers(), shown.serverUrl).server, jobId: shown.jobId };
  const followed = jobs.list();
  if (followed.length) {
    const picked = await vscode.window.showQuickPick(
      [
        ...followed.map((job) => ({ label: plainLabel(job.label), description: plainLabel(job.server.name), job })),
        { label: PROMPTS.anotherJob, description: PROMPTS.anotherJobDetail, job: undefined },
      ],
      { title, placeHolder: PROMPTS.whichJob },
    );
    if (!picked) return undefined;
    if (picked.job) return { server: picked.job.server, jobId: picked.job.jobId };
  }
  const ref = await askJobRef(title, PROMPTS.jobRef);
  if (!ref) return undefined;
  const target = await serverForJobRef(ref, title);
  return target ? { server: target.server, jobId: ref.jobId } : undefined;
}
