/**
 * The remote clients' raw layer, a separate entry point: `import { fetchEurostatRaw, openCache } from
 * 'trade-roundabout/remote'`.
 *
 * The core exports what an analysis needs from the remote sources (`fetchEurostat`, `fetchHmrc`, `fetchComtrade`,
 * their options, progress events and errors). This entry adds the plumbing under them, for tools built on the
 * transport: the raw fetchers (responses kept as the publisher sent them), the vintage-stamped response cache and
 * its keys, the publishers' base URLs, Comtrade's M49 codes, the request-size estimate, rate and concurrency
 * limits, the injectable clock-and-sleep runtime and `Retry-After` parsing. It re-exports the core's remote names
 * too, so one import serves a tool.
 *
 * @packageDocumentation
 */
export * from './sources/remote/index.js';
