import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One scripted reply of the replay server.
 *
 * - `delayMs`: wait before sending the status line (a slow server, past the client's timeout);
 * - `fault: 'reset-mid-body'`: announce the full `Content-Length`, send half the body, destroy the socket;
 * - `fault: 'stall-body'`: send headers and half the body, then send nothing more (until the server closes).
 */
export interface Reply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly delayMs?: number;
  readonly fault?: 'reset-mid-body' | 'stall-body';
}

/** A request the server received. */
export interface Received {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Decides the reply to a request: by its URL and the number of earlier requests this route answered. */
export type Responder = (url: URL, n: number) => Reply;

/** A fault-injecting HTTP server on 127.0.0.1 that replays scripted responses. */
export interface ReplayServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: Received[];
  /** Highest number of requests in flight at once. */
  readonly maxInFlight: () => number;
  /**
   * Answer requests whose path (without query) matches `path`: with a fixed reply, a list consumed in
   * order (the last one repeating), or a responder function. Later routes win over earlier ones.
   */
  readonly route: (path: string | RegExp, replies: Reply | readonly Reply[] | Responder) => void;
  /** Stop the server and drop every open connection. */
  readonly close: () => Promise<void>;
}

/**
 * Start a replay server on 127.0.0.1 with an ephemeral port. Unmatched requests get 404.
 *
 * @example
 * const server = await startReplayServer();
 * server.route('/OTS', [{ status: 503 }, { body: '{"value":[]}' }]);
 */
export async function startReplayServer(): Promise<ReplayServer> {
  const routes: { path: string | RegExp; responder: Responder; count: number }[] = [];
  const requests: Received[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => {
      inFlight--;
    });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    const route = [...routes]
      .reverse()
      .find((r) => (typeof r.path === 'string' ? r.path === url.pathname : r.path.test(url.pathname)));
    const reply: Reply = route ? route.responder(url, route.count++) : { status: 404, body: 'no route' };
    const send = (): void => {
      const body =
        typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : Buffer.from(reply.body ?? []);
      res.writeHead(reply.status ?? 200, { 'content-length': String(body.length), ...reply.headers });
      if (reply.fault === 'reset-mid-body') {
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      } else if (reply.fault === 'stall-body') {
        res.write(body.subarray(0, Math.floor(body.length / 2)));
      } else res.end(body);
    };
    if (reply.delayMs) {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!res.destroyed) send();
      }, reply.delayMs);
      timers.add(t);
    } else send();
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    route: (path, replies) => {
      const responder: Responder =
        typeof replies === 'function'
          ? (replies as Responder)
          : Array.isArray(replies)
            ? (_u, n) =>
                (replies as readonly Reply[])[Math.min(n, (replies as readonly Reply[]).length - 1)] as Reply
            : () => replies as Reply;
      routes.push({ path, responder, count: 0 });
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
