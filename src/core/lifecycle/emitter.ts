import { type Disposable, toDisposable } from './disposable';

export type Event<T> = (listener: (value: T) => void) => Disposable;

export interface EmitterOptions {
  /**
   * Told about a listener that threw. Without it the error is rethrown on a later microtask, so it
   * still reaches the host's uncaught-error log (or fails the test that caused it) instead of vanishing.
   */
  readonly onListenerError?: (error: unknown) => void;
}

/**
 * A minimal event emitter with VS Code's `Event` shape, usable in plain Node. Listeners are isolated:
 * one that throws does not keep the others from hearing the event, nor the firing code from going on.
 */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  constructor(private readonly options: EmitterOptions = {}) {}

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.report(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }

  private report(error: unknown): void {
    const handler = this.options.onListenerError;
    if (handler) {
      handler(error);
      return;
    }
    queueMicrotask(() => {
      throw error;
    });
  }
}
