import { FollowNotice, FollowOptions, FollowSink } from '../../src/core/follow/follower';
import { mulberry32 } from '../simulator/growingLog';

/** A sink that keeps what a channel would show, and the notices apart. */
export class RecordingSink implements FollowSink {
  readonly chunks: string[] = [];
  readonly notices: FollowNotice[] = [];
  append(text: string): void {
    this.chunks.push(text);
  }
  notice(event: FollowNotice): void {
    this.notices.push(event);
  }
  get text(): string {
    return this.chunks.join('');
  }
  count(kind: FollowNotice['kind']): number {
    return this.notices.filter((n) => n.kind === kind).length;
  }
}

/** Short delays so tests run in real time quickly. */
export const fastFollow: FollowOptions = { minDelayMs: 10, maxDelayMs: 50, retryInitialMs: 20, retryMaxMs: 100 };

/** A log with multi-byte characters everywhere and, optionally, one very long line. */
export function generateLog(lines: number, seed: number, longLineBytes = 0): Buffer {
  const rand = mulberry32(seed);
  const words = ['boot', 'kernel', 'é', '✓ pass', '🚀', 'Grüße', '日本語', 'progress', '\t', 'ok'];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const n = 1 + Math.floor(rand() * 12);
    const parts = [`[${(i / 10).toFixed(6)}]`];
    for (let j = 0; j < n; j++) parts.push(words[Math.floor(rand() * words.length)]);
    out.push(parts.join(' '));
    if (longLineBytes && i === Math.floor(lines / 2)) out.push('X🚀'.repeat(Math.ceil(longLineBytes / 5)));
  }
  return Buffer.from(out.join('\n') + '\n', 'utf8');
}
