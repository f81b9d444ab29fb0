/** Where FollowMemory keeps a window's follows and open job logs (workspace state); small, so the entry can look. */
export const FOLLOWED_JOBS_KEY = 'lava.followedJobs';
export const OPEN_JOB_LOGS_KEY = 'lava.openJobLogs';
/** Set (global state) while `lava.watchMyJobs` is on, so that the entry loads the extension at startup to watch. */
export const WATCH_MY_JOBS_KEY = 'lava.watchMyJobsOn';
