// Main-side events, checked against the contract before any transport forwards them.
import { eventContract, type EventName, type EventPayload } from '../../shared/ipc/contract';
import { withFiniteNumbers } from '../../shared/ipc/finite';

export type EventSink = (event: EventName, payload: unknown) => void;

export class EventBus {
  private readonly sinks = new Set<EventSink>();

  /** Registers a transport's forwarder; returns its removal. */
  addSink(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    // An undefined measure travels as null (finite.ts), so a silent frame can't make the emitter throw.
    const checked = eventContract[event].payload.parse(withFiniteNumbers(payload));
    for (const sink of this.sinks) sink(event, checked);
  }
}
