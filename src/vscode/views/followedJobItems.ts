import { FollowRegistry } from '../../core/follow/followRegistry';
import { ChannelFollow } from '../channelFollow';

/** A quick-pick entry for one followed job, or for all of them. */
export interface FollowedJobItem {
  label: string;
  description?: string;
  jobs: ChannelFollow[];
}

/**
 * The followed jobs as pick items (Stop Following, Show Followed Jobs): one per job,
 * then one for all of them when there are several. `icons` adds the codicons the
 * status bar's list shows.
 */
export function followedJobItems(registry: FollowRegistry<ChannelFollow>, allLabel: string, icons = false): FollowedJobItem[] {
  const followed = registry.list();
  const items: FollowedJobItem[] = followed.map((job) => ({
    label: icons ? `$(sync~spin) ${job.label}` : job.label,
    description: job.server.name,
    jobs: [job],
  }));
  if (followed.length > 1) items.push({ label: icons ? `$(debug-stop) ${allLabel}` : allLabel, jobs: followed });
  return items;
}

/** Stops each job of an item and forgets it. */
export function stopJobs(registry: FollowRegistry<ChannelFollow>, jobs: readonly ChannelFollow[]): void {
  for (const job of jobs) registry.stop(job.key, job);
}
