import { TIME_MODES, TimeMode } from '../log/recordTime';

/**
 * `lava.timestamps` and the setting it replaced, `lava.showTimestamps` (a boolean: false =
 * hidden). Both are application scoped: only the user's values count, given here as
 * `inspect(...).globalValue` (undefined = not set).
 */

function isTimeMode(value: unknown): value is TimeMode {
  return typeof value === 'string' && (TIME_MODES as readonly string[]).includes(value);
}

/** The time mode in effect: `timestamps` when set, else the old `showTimestamps`, else 'utc'. */
export function timeModeSetting(timestamps: unknown, showTimestamps: unknown): TimeMode {
  if (isTimeMode(timestamps)) return timestamps;
  if (typeof showTimestamps === 'boolean') return showTimestamps ? 'utc' : 'hidden';
  return 'utc';
}

/**
 * What the one-time migration writes to `lava.timestamps` (after which `lava.showTimestamps`
 * is removed), or undefined when there is nothing to migrate: the user set `showTimestamps`
 * and not `timestamps`.
 */
export function timestampsMigration(timestamps: unknown, showTimestamps: unknown): TimeMode | undefined {
  if (timestamps !== undefined || showTimestamps === undefined) return undefined;
  return showTimestamps === false ? 'hidden' : 'utc';
}
