/**
 * The clock, the sleep and the random source the remote clients use, injectable so that tests of retries,
 * backoff, rate limits and polling are deterministic and fast (no real waiting, no real randomness).
 *
 * @example
 * const fake: Runtime = { now: () => 0, sleep: async () => {}, random: () => 0.5 };
 */
export interface Runtime {
  /** Milliseconds since the epoch (like `Date.now`). */
  readonly now: () => number;
  /** Wait `ms` milliseconds; rejects with the signal's reason when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1) (like `Math.random`), for jitter. */
  readonly random: () => number;
}

/**
 * Sleep that honours an `AbortSignal`: resolves after `ms`, or rejects with `signal.reason` as soon as the
 * signal aborts (immediately if it already has).
 *
 * @example
 * await abortableSleep(10);
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The real runtime: `Date.now`, a timer-based abortable sleep and `Math.random`.
 *
 * @example
 * systemRuntime.now() > 0; // => true
 */
export const systemRuntime: Runtime = Object.freeze({
  now: () => Date.now(),
  sleep: abortableSleep,
  random: () => Math.random(),
});
