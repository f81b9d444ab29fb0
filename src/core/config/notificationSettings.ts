// `lava.notifications`, `lava.watchMyJobs` and `lava.quietMinutes`: read, checked, and what they mean.

/** Which job ends are told: every one, the failures only, or none. */
export type NotificationLevel = 'all' | 'failures' | 'none';

export function notificationLevel(raw: unknown): NotificationLevel {
  return raw === 'failures' || raw === 'none' ? raw : 'all';
}

/** The default of `lava.quietMinutes`. */
export const DEFAULT_QUIET_MINUTES = 10;

/** The longest silence setting taken: a day. */
export const MAX_QUIET_MINUTES = 24 * 60;

/** `lava.quietMinutes` in ms: default 10 minutes, 0 = off, at most a day. */
export function quietMs(raw: unknown): number {
  const minutes = typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 ? Math.min(raw, MAX_QUIET_MINUTES) : DEFAULT_QUIET_MINUTES;
  return Math.round(minutes * 60_000);
}

/**
 * Whether a job's end is told. `health`: LAVA's (`Complete`, `Incomplete`, `Canceled`, `Unknown`) or
 * undefined when not known; `failed`: following it failed (its end unknown). `failures` tells an
 * Incomplete job and a follow that failed; a Canceled job is someone's choice, not a failure.
 */
export function tellsEnd(level: NotificationLevel, end: { health?: string; failed?: boolean }): boolean {
  if (level === 'all') return true;
  if (level === 'none') return false;
  return end.failed === true || end.health === 'Incomplete';
}
