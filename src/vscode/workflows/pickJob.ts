import * as vscode from 'vscode';
import { resolveServer, ServerConfig } from '../../core/config/servers';
import { plainLabel } from '../../core/untrusted/plainForSurface';
import { Follows } from '../follow/follows';
import { getServers } from '../settings';
import { askJobRef } from './askJobRef';
import { serverForJobRef } from './pickServer';
import { PROMPTS } from '../../core/text/uiText';

export interface JobTarget {
  server: ServerConfig;
  jobId: string;
}

/**
 * The job a command acts on: the one its arguments name (a button: server URL and job id), else a
 * followed job picked from a list that also offers "another job", else an id or URL typed.
 */
export async function pickJob(jobs: Follows, title: string, serverArg: unknown, jobIdArg: unknown): Promise<JobTarget | undefined> {
  if (typeof serverArg === 'string' && typeof jobIdArg === 'string') {
    return { server: resolveServer(getServers(), serverArg).server, jobId: jobIdArg };
  }
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
