// One server's event stream: connect, read frames, reconnect with capped backoff, stop.
import { LavaError } from '../net/errors';
import { basicAuthorization } from '../net/http';
import { Clock, systemClock } from '../util/clock';
import { Emitter } from '../util/emitter';
import type { EventsTarget } from './eventsTarget';
import { MAX_FRAME_BYTES, parseFrame } from './frames';
import type { EventStreamState, LavaEvent, ServerEvents } from './lavaEvent';

/** How one connection ended: closed or broken (retried), or refused (not retried). */
export type SocketEnd = { kind: 'closed'; error: LavaError } | { kind: 'refused'; message: string };

export interface EventSocketHandlers {
  open(): void;
  /** One frame: its text, or undefined for a binary frame (LAVA sends none). */
  message(text: string | undefined): void;
  /** Called once, last. */
  close(end: SocketEnd): void;
}

export interface EventSocketOptions {
  /** `Basic base64(user:token)`, when both are known. */
  authorization?: string;
  /** Frames larger than this close the socket before they are buffered. */
  maxPayload: number;
  /** The opening handshake's limit. */
  timeoutMs: number;
}

export interface EventSocket {
  /** Closes the socket; its `close` handler still runs once. */
  close(): void;
}

/** Opens a WebSocket (the real one: wsSocket.ts over `ws`; tests may give another). */
export type EventSocketFactory = (url: string, options: EventSocketOptions, handlers: EventSocketHandlers) => EventSocket;

export interface EventStreamDeps {
  socket: EventSocketFactory;
  /** Where the events are now (asked again before each connection: settings and master_config may change). */
  target: () => Promise<EventsTarget>;
  /** The user name and token for Basic auth (2023.02+), when both are known. */
  login: () => Promise<{ username: string; token: string } | undefined>;
  clock?: Clock;
  timeoutMs?: number;
  backoff?: Partial<Backoff>;
}

export interface Backoff {
  /** The first wait after a failure (lavacli reconnects after 1 s). */
  initialMs: number;
  /** The longest wait: the delay doubles up to it. */
  maxMs: number;
  /** A connection up this long starts the backoff again from `initialMs` (one that drops at once does not). */
  stableMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 60_000, stableMs: 30_000 };

/** What a stream has seen, for tests and the Test Connection report. */
export interface StreamCounts {
  connects: number;
  events: number;
  ignored: number;
  malformed: number;
}

/**
 * One server's events (`ServerEvents`). `start()` connects and keeps reconnecting (capped
 * exponential backoff on the injectable clock) until `stop()`; a refusal of our credentials or
 * events turned off end the loop until `restart()` (settings or token changed). Frames are
 * parsed by frames.ts: malformed ones are counted and dropped, unknown topics ignored.
 */
export class EventStream implements ServerEvents {
  private stateValue: EventStreamState = { kind: 'connecting' };
  private readonly events = new Emitter<LavaEvent>();
  private readonly states = new Emitter<EventStreamState>();
  private running?: { abort: AbortController; socket?: EventSocket };
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  readonly counts: StreamCounts = { connects: 0, events: 0, ignored: 0, malformed: 0 };

  constructor(private readonly deps: EventStreamDeps) {
    this.clock = deps.clock ?? systemClock;
    this.backoff = { ...DEFAULT_BACKOFF, ...deps.backoff };
  }

  get state(): EventStreamState {
    return this.stateValue;
  }

  get started(): boolean {
    return this.running !== undefined;
  }

  onEvent(listener: (event: LavaEvent) => void): () => void {
    const sub = this.events.event(listener);
    return () => sub.dispose();
  }

  onState(listener: (state: EventStreamState) => void): () => void {
    const sub = this.states.event(listener);
    return () => sub.dispose();
  }

  start(): void {
    if (this.running) return;
    const run = { abort: new AbortController() } as { abort: AbortController; socket?: EventSocket };
    this.running = run;
    void this.loop(run);
  }

  stop(): void {
    const run = this.running;
    if (!run) return;
    this.running = undefined;
    run.abort.abort();
    run.socket?.close();
  }

  /** Connects again from scratch (settings or the token changed; a refused stream tries again). */
  restart(): void {
    this.stop();
    this.start();
  }

  private async loop(run: { abort: AbortController; socket?: EventSocket }): Promise<void> {
    const signal = run.abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      this.setState({ kind: 'connecting' });
      let end: SocketEnd;
      let upFor: number | undefined;
      try {
        const target = await this.deps.target();
        if (signal.aborted) return;
        if (target.kind === 'off') {
          this.setState({ kind: 'off', reason: target.reason });
          return;
        }
        const login = await this.deps.login().catch(() => undefined);
        if (signal.aborted) return;
        const result = await this.connect(run, target.url, target.topic, login);
        end = result.end;
        upFor = result.upFor;
      } catch (err) {
        end = { kind: 'closed', error: asLavaError(err) };
      }
      if (signal.aborted) return;
      if (end.kind === 'refused') {
        this.setState({ kind: 'refused', message: end.message });
        return;
      }
      if (upFor !== undefined && upFor >= this.backoff.stableMs) failures = 0;
      const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** Math.min(failures, 30));
      failures++;
      this.setState({ kind: 'down', error: end.error, retryAt: this.clock.now() + delay });
      try {
        await this.clock.sleep(delay, signal);
      } catch {
        return;
      }
    }
  }

  /** One connection, until it closes: how it ended and how long it was up. */
  private connect(
    run: { abort: AbortController; socket?: EventSocket },
    url: string,
    topic: string | undefined,
    login: { username: string; token: string } | undefined,
  ): Promise<{ end: SocketEnd; upFor?: number }> {
    return new Promise((resolve) => {
      let openedAt: number | undefined;
      let refused: string | undefined;
      let closeAsked = false;
      const opened: { socket?: EventSocket } = {};
      let done = false;
      const close = () => {
        closeAsked = true;
        opened.socket?.close();
      };
      const onAbort = () => close();
      run.abort.signal.addEventListener('abort', onAbort, { once: true });
      this.counts.connects++;
      const socket = this.deps.socket(
        url,
        {
          authorization: login ? basicAuthorization(login.username, login.token) : undefined,
          maxPayload: MAX_FRAME_BYTES,
          timeoutMs: this.deps.timeoutMs ?? 30_000,
        },
        {
          open: () => {
            if (done || closeAsked) return;
            openedAt = this.clock.now();
            this.setState({ kind: 'up' });
          },
          message: (text) => {
            if (done || closeAsked) return;
            const frame = text === undefined ? ({ kind: 'malformed', why: 'binary' } as const) : parseFrame(text, topic);
            if (frame.kind === 'event') {
              this.counts.events++;
              this.fire(frame.event);
            } else if (frame.kind === 'ignored') this.counts.ignored++;
            else if (frame.kind === 'malformed') this.counts.malformed++;
            else {
              refused = frame.message;
              close();
            }
          },
          close: (end) => {
            if (done) return;
            done = true;
            run.abort.signal.removeEventListener('abort', onAbort);
            const upFor = openedAt === undefined ? undefined : this.clock.now() - openedAt;
            resolve({ end: refused !== undefined ? { kind: 'refused', message: refused } : end, upFor });
          },
        },
      );
      opened.socket = socket;
      run.socket = socket;
      if (closeAsked) socket.close();
    });
  }

  private fire(event: LavaEvent): void {
    try {
      this.events.fire(event);
    } catch {
      // A listener's error is its own: the stream goes on.
    }
  }

  private setState(state: EventStreamState): void {
    if (state.kind === this.stateValue.kind && (state.kind === 'connecting' || state.kind === 'up')) return;
    this.stateValue = state;
    try {
      this.states.fire(state);
    } catch {
      // as in fire()
    }
  }
}

function asLavaError(err: unknown): LavaError {
  if (err instanceof LavaError) return err;
  return new LavaError('network', err instanceof Error ? err.message : String(err));
}
