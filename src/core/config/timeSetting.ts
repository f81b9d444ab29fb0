import { TIME_MODES, TimeMode } from '../log/recordTime';

/**
 * `lava.timestamps`. It is application scoped: only the user's value counts, given here as
 * `inspect(...).globalValue` (undefined = not set).
 */

function isTimeMode(value: unknown): value is TimeMode {
  return typeof value === 'string' && (TIME_MODES as readonly string[]).includes(value);
}

/** The time mode in effect: `timestamps` when it is one this version knows, else 'utc'. */
export function timeModeSetting(timestamps: unknown): TimeMode {
  return isTimeMode(timestamps) ? timestamps : 'utc';
}
