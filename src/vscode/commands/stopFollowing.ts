import * as vscode from 'vscode';
import { FollowedJobs } from '../../core/followedJobs';
import { FollowedJob } from '../followedJob';

/** LAVA: Stop Following — pick a followed job (or all of them) and stop at once. */
export async function stopFollowingCommand(jobs: FollowedJobs<FollowedJob>): Promise<void> {
  const followed = jobs.list();
  if (followed.length === 0) {
    void vscode.window.showInformationMessage('No LAVA job is being followed.');
    return;
  }
  const items: { label: string; description?: string; jobs: FollowedJob[] }[] = followed.map((job) => ({
    label: job.label,
    description: job.server.name,
    jobs: [job],
  }));
  if (followed.length > 1) items.push({ label: 'All followed jobs', jobs: followed });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'LAVA: Stop Following',
    placeHolder: 'Stop following which job?',
  });
  for (const job of picked?.jobs ?? []) jobs.stop(job.key, job);
}
