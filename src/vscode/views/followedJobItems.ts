import { Follows } from '../follow/follows';
import { JobFollow } from '../follow/jobFollow';

/** A quick-pick entry for one followed job, or for all of them. */
export interface FollowedJobItem {
  label: string;
  description?: string;
  jobs: JobFollow[];
}

/**
 * The followed jobs as pick items (Stop Following, Show Followed Jobs): one per job,
 * then one for all of them when there are several.
 */
export function followedJobItems(follows: Follows, allLabel: string): FollowedJobItem[] {
  const followed = follows.list();
  const items: FollowedJobItem[] = followed.map((job) => ({
    label: job.label,
    description: job.server.name,
    jobs: [job],
  }));
  if (followed.length > 1) items.push({ label: allLabel, jobs: followed });
  return items;
}
