/** Which remote source a progress event or cache entry belongs to. */
export type RemoteSourceName = 'eurostat' | 'hmrc' | 'comtrade';

/**
 * One progress event of a remote download, for a progress bar or a log line.
 *
 * - `request`: an HTTP request is about to start;
 * - `response`: a complete response arrived (`bytes` counts its body);
 * - `retry`: a request failed and will be retried after `waitMs` (`status` or `error` says why);
 * - `waiting`: waiting for a rate limit or for Eurostat's asynchronous extraction (`waitMs`);
 * - `page`: a page of a paged download was stored (`pages`, `rows`);
 * - `cache`: a response was served from the cache (no network);
 * - `chunk`: one part of a split query finished (`chunksDone` of `chunksTotal`);
 * - `done`: everything finished.
 */
export interface RemoteProgress {
  /** The source. */
  readonly source: RemoteSourceName;
  /** What happened. */
  readonly phase: 'request' | 'response' | 'retry' | 'waiting' | 'page' | 'cache' | 'chunk' | 'done';
  /** The normalised query (of the chunk or page) it concerns. */
  readonly query: string;
  /** The URL, when a request is involved. */
  readonly url?: string;
  /** HTTP requests completed so far in this call (responses of any status). */
  readonly requests: number;
  /** Response bytes received so far in this call. */
  readonly bytes: number;
  /** Attempt number of the current request (1 = first). */
  readonly attempt?: number;
  /** Milliseconds the client will wait before going on. */
  readonly waitMs?: number;
  /**
   * What a `waiting` event waits for: the source's published request rate (`rate-limit`, e.g. HMRC's 60 a
   * minute) or Eurostat's asynchronous extraction (`extraction`).
   */
  readonly waitingFor?: 'rate-limit' | 'extraction';
  /** HTTP status that caused a retry. */
  readonly status?: number;
  /** Error message that caused a retry. */
  readonly error?: string;
  /** Pages stored so far (paged downloads). */
  readonly pages?: number;
  /** Data rows received so far (paged downloads). */
  readonly rows?: number;
  /** Chunks of a split query finished so far. */
  readonly chunksDone?: number;
  /** Chunks the query was split into. */
  readonly chunksTotal?: number;
}

/** A progress callback. It must not throw; what it returns is ignored. */
export type ProgressCallback = (progress: RemoteProgress) => void;
