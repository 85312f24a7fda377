#!/usr/bin/env -S node --max-semi-space-size=2
/**
 * The `tenken` executable: checks the runtime, then runs the CLI wired to the live machine. Nothing heavy is
 * imported before the check, so an old Node gets a sentence instead of a syntax error from a dependency.
 */
import * as nodeModule from 'node:module';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(
    `tenken needs Node.js 22.13 or newer; this is ${process.version}.\n` +
      'Run it through npm (npx tenken …), which uses the Node 24 installed with tenken, or install Node.js 24 LTS.\n',
  );
  process.exit(4);
}
// Caches compiled modules on disk: a scan starts faster from the second run on (Node ≥ 22.1).
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// A reader that stops early (`tenken --help | head -1`) closes the pipe: the rest of the output has nowhere to go,
// which is the reader's choice, not a failure — end quietly instead of with an unhandled EPIPE stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

// The version is all `tenken --version` needs: answered before commander and the scan code load.
const args = process.argv.slice(2);
if (args[0] === '--version' || args[0] === '-V') {
  const { AGENT_VERSION } = await import('./paths.ts');
  process.stdout.write(`${AGENT_VERSION}\n`);
} else {
  // The probes and the live machine load when a command asks for them: --help and a replay start no process.
  const { runCli } = await import('./cli.ts');
  process.exitCode = await runCli(process.argv, {
    loadProbes: async () => (await import('../probes/index.ts')).probes,
    createHost: async () => (await import('./host/live-host.ts')).createLiveHost(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  });
}
