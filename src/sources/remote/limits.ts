import { OptionsError } from '../../errors.js';
import type { Runtime } from './runtime.js';

/**
 * A concurrency limit: at most `max` tasks run at once; the others wait in FIFO order.
 *
 * @example
 * const limit = createConcurrencyLimit(2);
 * await Promise.all([1, 2, 3].map((i) => limit(async () => i)));
 */
export type ConcurrencyLimit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Create a {@link ConcurrencyLimit} allowing `max` tasks at a time.
 *
 * @param max - tasks allowed at once, an integer ≥ 1
 * @throws {OptionsError} if `max` is not an integer ≥ 1
 * @example
 * const limit = createConcurrencyLimit(1);
 * await limit(async () => 'one at a time'); // => 'one at a time'
 */
export function createConcurrencyLimit(max: number): ConcurrencyLimit {
  if (!Number.isInteger(max) || max < 1)
    throw new OptionsError(`createConcurrencyLimit requires an integer max ≥ 1, got ${max}`);
  let active = 0;
  const queue: (() => void)[] = [];
  const release = (): void => {
    active--;
    const next = queue.shift();
    if (next) next();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/**
 * A request-rate limit: `acquire()` resolves when one more request may start without exceeding `requests`
 * starts in any window of `perMs` milliseconds (a sliding window over start times).
 *
 * @example
 * const rate = createRateLimit({ requests: 60, perMs: 60_000 });
 * await rate.acquire();
 */
export interface RateLimit {
  /**
   * Wait (via the runtime's sleep) until a request may start, then record its start. `onWait` is told each wait
   * before it starts, in milliseconds (for progress: "waiting 12 s for the rate limit").
   */
  readonly acquire: (signal?: AbortSignal, onWait?: (ms: number) => void) => Promise<void>;
}

/**
 * Create a sliding-window {@link RateLimit}. Used for HMRC's published limit of 60 requests per minute.
 *
 * @param options.requests - requests allowed per window, an integer ≥ 1
 * @param options.perMs - window length in milliseconds, > 0
 * @param runtime - clock and sleep (default: the system's)
 * @throws {OptionsError} on a non-positive limit or window
 * @example
 * const rate = createRateLimit({ requests: 2, perMs: 1000 }, systemRuntime);
 * await rate.acquire(); await rate.acquire(); // the third call would wait about a second
 */
export function createRateLimit(
  options: { requests: number; perMs: number },
  runtime: Pick<Runtime, 'now' | 'sleep'>,
): RateLimit {
  const { requests, perMs } = options;
  if (!Number.isInteger(requests) || requests < 1 || !(perMs > 0))
    throw new OptionsError(
      `createRateLimit requires an integer requests ≥ 1 and perMs > 0, got ${requests} and ${perMs}`,
    );
  const starts: number[] = [];
  let chain: Promise<void> = Promise.resolve();
  const acquireOne = async (signal?: AbortSignal, onWait?: (ms: number) => void): Promise<void> => {
    for (;;) {
      const now = runtime.now();
      while (starts.length > 0 && now - (starts[0] as number) >= perMs) starts.shift();
      if (starts.length < requests) {
        starts.push(now);
        return;
      }
      const ms = (starts[0] as number) + perMs - now;
      onWait?.(ms);
      await runtime.sleep(ms, signal);
    }
  };
  return {
    acquire: (signal?: AbortSignal, onWait?: (ms: number) => void) => {
      // Serialise acquisitions so that waiting callers are admitted in order.
      const next = chain.then(() => acquireOne(signal, onWait));
      chain = next.catch(() => undefined);
      return next;
    },
  };
}
