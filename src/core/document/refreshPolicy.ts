/**
 * When to hand a growing document to VS Code again. A virtual document is handed whole
 * each time, so refreshing on every poll is quadratic; this keeps the total handed within
 * a small multiple of the final size: once a document is over `smallChars`, it is refreshed
 * only when it has grown by `growth` × what was handed last (a geometric series: at most
 * about 1 + 1/growth times its size in all), and never while nobody looks at it.
 */
export interface RefreshPolicyOptions {
  /** Below this size, refresh at most every `smallIntervalMs` (the cost is small in any case). */
  smallChars: number;
  smallIntervalMs: number;
  /** Above it, refresh when the text has grown by this fraction of what was handed last… */
  growth: number;
  /** …and not sooner than this after the last refresh (a finished log read page after page)… */
  minIntervalMs: number;
  /**
   * …nor sooner than this many times what the last refresh cost to render: when the log grows
   * faster than it renders (a finished log read page after page), the extension host is not
   * kept rendering one ever larger text after another.
   */
  costFactor: number;
}

export const defaultRefreshPolicy: RefreshPolicyOptions = {
  smallChars: 256 * 1024,
  smallIntervalMs: 300,
  growth: 0.15,
  minIntervalMs: 1000,
  costFactor: 4,
};

export type RefreshDecision = { kind: 'now' } | { kind: 'later'; inMs: number } | { kind: 'wait' };

export interface RefreshState {
  /** Characters handed to VS Code by the last refresh. */
  handed: number;
  /** When that was (ms). */
  at: number;
  /** How long that refresh took to render (ms); unknown: 0. */
  costMs?: number;
}

/**
 * `size`: characters the document would have now; `visible`: an editor shows it;
 * `final`: the job's log is complete (hand it over at once).
 */
export function refreshDecision(
  state: RefreshState,
  size: number,
  now: number,
  visible: boolean,
  final: boolean,
  opts: RefreshPolicyOptions = defaultRefreshPolicy,
): RefreshDecision {
  if (size === state.handed) return { kind: 'wait' };
  if (!visible) return { kind: 'wait' };
  if (final) return { kind: 'now' };
  const since = now - state.at;
  if (state.handed < opts.smallChars) {
    return since >= opts.smallIntervalMs ? { kind: 'now' } : { kind: 'later', inMs: opts.smallIntervalMs - since };
  }
  if (size - state.handed < opts.growth * state.handed) return { kind: 'wait' };
  const gap = Math.max(opts.minIntervalMs, opts.costFactor * (state.costMs ?? 0));
  return since >= gap ? { kind: 'now' } : { kind: 'later', inMs: gap - since };
}
