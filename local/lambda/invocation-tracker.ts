/**
 * Counts handler invocations that are still running, so the runtime's `drain()` can wait until
 * nothing is mid-invocation.
 */
export class InvocationTracker {
  #active = 0;
  #idleWaiters: Array<() => void> = [];

  get active(): number {
    return this.#active;
  }

  /** Counts the work as running until it settles, and returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.#active++;
    const release = () => {
      this.#active--;
      if (this.#active === 0) this.#notifyIdle();
    };
    work.then(release, release);
    return work;
  }

  /** Resolves when no tracked work is running. */
  whenIdle(): Promise<void> {
    if (this.#active === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #notifyIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
