/** The core's own disposable, so nothing here needs the VS Code API (GitLens keeps the same split). */
export interface Disposable {
  dispose(): void;
}

export function toDisposable(dispose: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      dispose();
    },
  };
}

/**
 * Owns a set of disposables. Anything registered after dispose() is disposed at once, so a late
 * registration cannot leak (vscode-pull-request-github's lifecycle.ts does the same).
 */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
    } else {
      this.items.add(item);
    }
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const item of [...this.items].reverse()) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    this.items.clear();
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'Several disposables failed');
  }
}

/**
 * A base for anything that owns disposables: `register()` ties one to this object's lifetime, and
 * one registered after dispose() is disposed at once (vscode-pull-request-github's `Disposable`).
 * VS Code's disposables fit as they are: only `dispose()` is asked of them.
 */
export abstract class DisposableBase implements Disposable {
  private readonly owned = new DisposableStore();

  protected get isDisposed(): boolean {
    return this.owned.isDisposed;
  }

  protected register<T extends Disposable>(item: T): T {
    return this.owned.add(item);
  }

  dispose(): void {
    this.owned.dispose();
  }
}

/**
 * Holds one disposable at a time, for a part that restarts (a webview torn down and shown again):
 * setting a new value disposes the old one, and after dispose() any value set is disposed at once.
 */
export class MutableDisposable<T extends Disposable> implements Disposable {
  private current: T | undefined;
  private disposed = false;

  get value(): T | undefined {
    return this.current;
  }

  set value(next: T | undefined) {
    if (next === this.current) return;
    if (this.disposed) {
      next?.dispose();
      return;
    }
    const previous = this.current;
    this.current = next;
    previous?.dispose();
  }

  /** Disposes the value held now, if any, and holds nothing. */
  clear(): void {
    this.value = undefined;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const previous = this.current;
    this.current = undefined;
    previous?.dispose();
  }
}
