import * as vscode from 'vscode';
import { jobPageUrl } from '../../core/config/jobRef';
import { JobLogAddress } from '../../core/document/jobLogUri';
import { NOTICES } from '../../core/text/uiText';

/** LAVA: Open Job in Browser — LAVA's page of the job a job log document or a job's channel shows. */
export async function openJobInBrowserCommand(job: JobLogAddress | undefined): Promise<void> {
  if (!job) {
    void vscode.window.showInformationMessage(NOTICES.openJobLogFirst);
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(jobPageUrl(job.serverUrl, job.jobId)));
}
