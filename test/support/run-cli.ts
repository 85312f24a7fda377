/**
 * The CLI run in-process as `tenken …`, with what it wrote collected: the live host, English, no terminal,
 * unless a test gives other dependencies (a replay host, an environment, answers to questions).
 */
import { probes } from '../../probes/index.ts';
import { runCli } from '../../src/cli.ts';
import type { CliDeps } from '../../src/commands/deps.ts';
import type { ExitCode } from '../../src/exit-codes.ts';
import { createLiveHost } from '../../src/host/live-host.ts';

export interface CliRun {
  readonly code: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runTenken(args: readonly string[], deps: Partial<Omit<CliDeps, 'stdout' | 'stderr'>> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'tenken', ...args], {
    loadProbes: async () => probes,
    createHost: createLiveHost,
    env: { LANG: 'en_US.UTF-8' },
    isTTY: false,
    ...deps,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}
