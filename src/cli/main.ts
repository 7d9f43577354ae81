#!/usr/bin/env node
/**
 * The `roundabout` executable. The only module that touches `process`: it hands argv, the streams, the
 * environment and a SIGINT-driven AbortSignal to {@link runCli}.
 *
 * @module
 */
import { runCli } from './run.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('interrupted')));

runCli(process.argv.slice(2), {
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
      `roundabout: unexpected error\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
