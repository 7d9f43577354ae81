#!/usr/bin/env node
/**
 * The `roundabout` executable. The only module that touches `process`: it hands argv, the streams, the
 * environment and a SIGINT-driven AbortSignal to {@link runCli}.
 *
 * A reader that closes stdout early (`roundabout report --format csv --out - | head`) ends the command quietly
 * with exit 0, as `git log | head` does. Ctrl-C aborts a download and exits 130 (a second Ctrl-C, or a download
 * that does not stop within two seconds, exits at once); other commands end at once, by the signal.
 *
 * @module
 */
import { EXIT } from './exit-codes.js';
import { runCli } from './run.js';

const controller = new AbortController();
const argv = process.argv.slice(2);
// Downloads stop cleanly on Ctrl-C (the cache is never left half-written). The analysis runs synchronously between
// its steps, so a handler would only run once it is done: for every other command Ctrl-C keeps its default effect
// and ends the process at once (the shell reports 130).
if (argv[0] === 'fetch')
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort(new Error('interrupted'));
    setTimeout(() => {
      process.stderr.write('roundabout: interrupted\n');
      process.exit(EXIT.interrupted);
    }, 2000).unref();
  });

// EPIPE: the reader is gone; nothing more can be said on that stream.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

runCli(argv, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: process.stderr.isTTY === true,
  env: { COMTRADE_API_KEY: process.env.COMTRADE_API_KEY },
  cwd: process.cwd(),
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `roundabout: internal error\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT.internal;
  },
);
