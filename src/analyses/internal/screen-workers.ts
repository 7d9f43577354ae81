/**
 * Running the screen kernel on worker threads: the series are split into contiguous ranges, values and outputs sit
 * in shared memory, and each worker runs the same self-contained kernel source. Each series' numbers depend only on
 * its own values, so the result is identical whatever the number of threads.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RoundaboutError } from '../../errors.js';
import { type KernelInput, screenKernel } from './screen-kernel.js';

/** Below this many series one thread is faster than starting workers (measured: `npm run bench -- --screen …`). */
export const SERIES_PER_WORKER = 20_000;

// The kernel's own source, evaluated in each worker. `__name` is the helper esbuild's keepNames inserts.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const __name = (f) => f;
const screenKernel = ${screenKernel.toString()};
const d = workerData;
screenKernel({ ...d, Y: new Float64Array(d.Y), out: new Float64Array(d.out), stats: new Float64Array(d.stats) });
parentPort.postMessage('done');
`;

/** Threads to use for `n` series: `auto` starts one worker per 20,000 series, up to the machine's parallelism. */
export function threadsFor(n: number, threads: number | 'auto'): number {
  if (threads === 'auto') {
    return Math.max(1, Math.min(availableParallelism(), Math.floor(n / SERIES_PER_WORKER)));
  }
  return Math.max(1, Math.min(threads, n));
}

/** Allocate a Float64Array, in shared memory when workers will read it. */
export function allocate(length: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
}

/**
 * Run the kernel over series `0..n-1` on `threads` threads (1: in this thread).
 *
 * @throws {RoundaboutError} if a worker fails
 */
export async function runKernel(
  base: Omit<KernelInput, 'begin' | 'end'>,
  n: number,
  threads: number,
): Promise<void> {
  if (threads <= 1) {
    screenKernel({ ...base, begin: 0, end: n });
    return;
  }
  const step = Math.ceil(n / threads);
  const jobs: Promise<void>[] = [];
  for (let begin = 0; begin < n; begin += step) {
    const end = Math.min(n, begin + step);
    jobs.push(
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(SOURCE, {
          eval: true,
          workerData: {
            ...base,
            Y: base.Y.buffer,
            out: base.out.buffer,
            stats: base.stats.buffer,
            begin,
            end,
          },
        });
        let done = false;
        worker.once('message', () => {
          done = true;
          resolve();
          void worker.terminate();
        });
        worker.once('error', (cause) =>
          reject(new RoundaboutError(`screen worker failed: ${String(cause)}`, { cause })),
        );
        worker.once('exit', (code) => {
          if (!done) reject(new RoundaboutError(`screen worker exited with code ${code} before finishing`));
        });
      }),
    );
  }
  await Promise.all(jobs);
}
