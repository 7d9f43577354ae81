import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '../../../src/sources/remote/runtime.js';

/** A virtual clock: `sleep` advances it instantly and records each wait; `random` is fixed. */
export interface FakeRuntime extends Runtime {
  readonly sleeps: number[];
  clock: number;
}

export function fakeRuntime(start = Date.parse('2025-01-15T12:00:00Z'), random = 0.5): FakeRuntime {
  const rt: FakeRuntime = {
    clock: start,
    sleeps: [],
    now: () => rt.clock,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      rt.sleeps.push(ms);
      rt.clock += ms;
      await Promise.resolve();
    },
    random: () => random,
  };
  return rt;
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'roundabout-remote-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Fast transport defaults for tests: short timeout, instant virtual backoff. */
export function fastTransport(rt: Runtime) {
  return { timeoutMs: 2_000, retries: 3, backoffBaseMs: 100, backoffMaxMs: 1_000, runtime: rt } as const;
}
