// A ServerEvents the test drives: its state, and events fired by hand.
import { EventStreamState, LavaEvent, ServerEvents } from '../../../../src/core/events/lavaEvent';
import { LavaError } from '../../../../src/core/net/errors';

export class FakeServerEvents implements ServerEvents {
  state: EventStreamState = { kind: 'up' };
  private readonly events = new Set<(e: LavaEvent) => void>();
  private readonly states = new Set<(s: EventStreamState) => void>();

  onEvent(listener: (event: LavaEvent) => void): () => void {
    this.events.add(listener);
    return () => this.events.delete(listener);
  }

  onState(listener: (state: EventStreamState) => void): () => void {
    this.states.add(listener);
    return () => this.states.delete(listener);
  }

  emit(event: LavaEvent): void {
    for (const l of this.events) l(event);
  }

  setState(state: EventStreamState): void {
    this.state = state;
    for (const l of this.states) l(state);
  }

  down(): void {
    this.setState({ kind: 'down', error: new LavaError('network', 'gone'), retryAt: 0 });
  }

  get listeners(): number {
    return this.events.size + this.states.size;
  }
}
