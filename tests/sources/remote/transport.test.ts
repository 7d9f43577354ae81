import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createConcurrencyLimit, createRateLimit } from '../../../src/sources/remote/limits.js';
import { RemoteSourceError } from '../../../src/sources/remote/remote-error.js';
import {
  backoffDelay,
  bodyText,
  createCallContext,
  httpGet,
  parseRetryAfter,
  RetryableBodyError,
} from '../../../src/sources/remote/transport.js';
import { type ReplayServer, startReplayServer } from '../../helpers/replay-server.js';
import { fakeRuntime, fastTransport } from './support.js';

let server: ReplayServer;
beforeEach(async () => {
  server = await startReplayServer();
});
afterEach(async () => {
  await server.close();
});

const Q = 'test:query';
const jsonAccept = (body: Uint8Array): void => {
  try {
    JSON.parse(bodyText(body));
  } catch {
    throw new RetryableBodyError('not JSON');
  }
};

describe('parseRetryAfter and backoffDelay', () => {
  test('parseRetryAfter reads delay-seconds and HTTP dates, ignores garbage', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z'))).toBe(60_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2016-01-01T00:00:00Z'))).toBe(0);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  test('backoffDelay doubles per retry, caps, jitters within [cap/2, cap] and never undercuts Retry-After', () => {
    const o = { baseMs: 1000, maxMs: 8000 };
    expect(backoffDelay(1, { ...o, random: 0 })).toBe(500);
    expect(backoffDelay(1, { ...o, random: 0.999999 })).toBeCloseTo(1000, 0);
    expect(backoffDelay(3, { ...o, random: 0 })).toBe(2000);
    expect(backoffDelay(10, { ...o, random: 0 })).toBe(4000);
    expect(backoffDelay(1, { ...o, random: 0, retryAfterMs: 30_000 })).toBe(30_000);
  });
});

describe('httpGet against injected faults', () => {
  test('429 with Retry-After: waits at least the asked time, then returns the complete body', async () => {
    server.route('/x', [
      { status: 429, headers: { 'retry-after': '7' }, body: 'slow down' },
      { body: '{"ok":true}' },
    ]);
    const rt = fakeRuntime();
    const res = await httpGet(`${server.url}/x`, Q, createCallContext('hmrc', fastTransport(rt)), {
      accept: jsonAccept,
    });
    expect(bodyText(res.body)).toBe('{"ok":true}');
    expect(res.attempts).toBe(2);
    expect(rt.sleeps).toEqual([7000]);
  });

  test.each([500, 502, 503, 504])('HTTP %i is retried with backoff until the data arrive', async (status) => {
    server.route('/x', [{ status, body: 'oops' }, { status, body: 'oops' }, { body: '{"n":1}' }]);
    const rt = fakeRuntime();
    const res = await httpGet(`${server.url}/x`, Q, createCallContext('eurostat', fastTransport(rt)));
    expect(bodyText(res.body)).toBe('{"n":1}');
    expect(rt.sleeps).toEqual([75, 150]);
    expect(server.requests).toHaveLength(3);
  });

  test('a persistent 503 ends in a typed error naming the query, status and attempts', async () => {
    server.route('/x', { status: 503, body: 'maintenance' });
    const rt = fakeRuntime();
    const err = await httpGet(`${server.url}/x`, Q, createCallContext('eurostat', fastTransport(rt))).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(RemoteSourceError);
    expect(err).toMatchObject({ reason: 'http', status: 503, attempts: 4, query: Q, body: 'maintenance' });
    expect(err.message).toContain(`query: ${Q}`);
  });

  test('a non-retryable 404 fails at once', async () => {
    server.route('/x', { status: 404, body: 'nope' });
    const err = await httpGet(
      `${server.url}/x`,
      Q,
      createCallContext('eurostat', fastTransport(fakeRuntime())),
    ).catch((e) => e);
    expect(err).toMatchObject({ reason: 'http', status: 404, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  test('a connection reset mid-body is retried; the result is the whole body', async () => {
    const body = JSON.stringify({ rows: Array.from({ length: 500 }, (_, i) => i) });
    server.route('/x', [{ body, fault: 'reset-mid-body' }, { body }]);
    const res = await httpGet(`${server.url}/x`, Q, createCallContext('hmrc', fastTransport(fakeRuntime())), {
      accept: jsonAccept,
    });
    expect(bodyText(res.body)).toBe(body);
    expect(res.attempts).toBe(2);
  });

  test('resets on every attempt end in a network error, never in partial data', async () => {
    server.route('/x', { body: 'x'.repeat(10_000), fault: 'reset-mid-body' });
    const err = await httpGet(
      `${server.url}/x`,
      Q,
      createCallContext('hmrc', { ...fastTransport(fakeRuntime()), retries: 1 }),
    ).catch((e) => e);
    expect(err).toMatchObject({ reason: 'network', attempts: 2, query: Q });
  });

  test('a response slower than timeoutMs is abandoned and retried', async () => {
    server.route('/x', [{ body: '{"late":1}', delayMs: 5_000 }, { body: '{"on":"time"}' }]);
    const ctx = createCallContext('eurostat', { ...fastTransport(fakeRuntime()), timeoutMs: 150 });
    const res = await httpGet(`${server.url}/x`, Q, ctx);
    expect(bodyText(res.body)).toBe('{"on":"time"}');
  });

  test('a body that stalls past timeoutMs on every attempt ends in a timeout error', async () => {
    server.route('/x', { body: 'y'.repeat(1000), fault: 'stall-body' });
    const ctx = createCallContext('eurostat', {
      ...fastTransport(fakeRuntime()),
      timeoutMs: 150,
      retries: 1,
    });
    const err = await httpGet(`${server.url}/x`, Q, ctx).catch((e) => e);
    expect(err).toMatchObject({ reason: 'timeout', attempts: 2, query: Q });
  });

  test('malformed JSON is retried, and reported as malformed when it persists', async () => {
    server.route('/ok', [{ body: '{"value": [1, 2' }, { body: '{"value":[1,2]}' }]);
    server.route('/bad', { body: '{"value": [1, 2' });
    const ctx = createCallContext('hmrc', { ...fastTransport(fakeRuntime()), retries: 2 });
    expect(bodyText((await httpGet(`${server.url}/ok`, Q, ctx, { accept: jsonAccept })).body)).toBe(
      '{"value":[1,2]}',
    );
    const err = await httpGet(`${server.url}/bad`, Q, ctx, { accept: jsonAccept }).catch((e) => e);
    expect(err).toMatchObject({ reason: 'malformed', attempts: 3 });
  });

  test('a Retry-After beyond maxRetryAfterMs fails fast as rate-limited instead of sleeping', async () => {
    server.route('/x', { status: 429, headers: { 'retry-after': '86400' }, body: 'quota' });
    const rt = fakeRuntime();
    const err = await httpGet(
      `${server.url}/x`,
      Q,
      createCallContext('comtrade', { ...fastTransport(rt), maxRetryAfterMs: 60_000 }),
    ).catch((e) => e);
    expect(err).toMatchObject({ reason: 'rate-limited', status: 429, attempts: 1 });
    expect(rt.sleeps).toEqual([]);
  });

  test("UN Comtrade's 'Try again in N seconds' body counts as Retry-After", async () => {
    server.route('/x', [
      {
        status: 429,
        body: '{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 9 seconds." }',
      },
      { body: '{"data":[]}' },
    ]);
    const rt = fakeRuntime();
    await httpGet(`${server.url}/x`, Q, createCallContext('comtrade', fastTransport(rt)));
    expect(rt.sleeps).toEqual([9000]);
  });

  test('an AbortSignal cancels an in-flight request with reason aborted', async () => {
    server.route('/x', { body: '{}', delayMs: 5_000 });
    const controller = new AbortController();
    const ctx = createCallContext('eurostat', { ...fastTransport(fakeRuntime()), signal: controller.signal });
    const pending = httpGet(`${server.url}/x`, Q, ctx).catch((e) => e);
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    const err = await pending;
    expect(err).toBeInstanceOf(RemoteSourceError);
    expect(err).toMatchObject({ reason: 'aborted', query: Q });
  });
});

describe('limits', () => {
  test('the concurrency limit caps requests in flight', async () => {
    server.route('/x', { body: '{}', delayMs: 40 });
    const ctx = createCallContext('eurostat', { ...fastTransport(fakeRuntime()), concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => httpGet(`${server.url}/x?i=${i}`, Q, ctx)));
    expect(server.requests).toHaveLength(6);
    expect(server.maxInFlight()).toBe(2);
  });

  test('createConcurrencyLimit runs tasks in FIFO order, at most max at once', async () => {
    const limit = createConcurrencyLimit(1);
    const order: number[] = [];
    await Promise.all([3, 1, 2].map((n) => limit(async () => order.push(n))));
    expect(order).toEqual([3, 1, 2]);
  });

  test('createRateLimit admits `requests` per window and waits for the window to slide', async () => {
    const rt = fakeRuntime(0);
    const rate = createRateLimit({ requests: 60, perMs: 60_000 }, rt);
    for (let i = 0; i < 60; i++) await rate.acquire();
    expect(rt.sleeps).toEqual([]);
    await rate.acquire();
    expect(rt.sleeps).toEqual([60_000]);
  });
});
