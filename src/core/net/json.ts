import { LavaError } from './errors';

/** The JSON value of a body, or a `bad-response` LavaError naming what was expected (`what`: "The job list"). */
export function parseJson(body: string, what: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new LavaError('bad-response', `${what} is not JSON.`);
  }
}

/** The JSON value of a body, or undefined when it is not JSON (for optional details such as DRF's `detail`). */
export function tryParseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
