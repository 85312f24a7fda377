#!/usr/bin/env node
/** The `tenken` executable: the CLI wired to the live machine. */
import { probes } from '../probes/index.ts';
import { runCli } from './cli.ts';
import { createLiveHost } from './host/live-host.ts';

process.exitCode = await runCli(process.argv, {
  probes,
  createHost: createLiveHost,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});
