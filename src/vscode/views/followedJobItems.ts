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
 * then one for all of them when there are several.
 */
export function followedJobItems(registry: FollowRegistry<ChannelFollow>, allLabel: string): FollowedJobItem[] {
  const followed = registry.list();
  const items: FollowedJobItem[] = followed.map((job) => ({
    label: job.label,
    description: job.server.name,
    jobs: [job],
  }));
  if (followed.length > 1) items.push({ label: allLabel, jobs: followed });
  return items;
}

/** Stops each job of an item and forgets it. */
export function stopJobs(registry: FollowRegistry<ChannelFollow>, jobs: readonly ChannelFollow[]): void {
  for (const job of jobs) registry.stop(job.key, job);
}
