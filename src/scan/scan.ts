/**
 * One scan, start to end: identity, console user and probes (concurrently), then the policy judges the
 * evidence and the report is assembled and validated (build-report.ts). The flow runs one way: Host → probes →
 * evidence → policy → checks → guideline items → report.
 */
import type { Logger } from '../log.ts';
import type { Host } from '../host/host.ts';
import type { LoadedPolicy } from '../policy/load.ts';
import { resolveProfile } from '../policy/profile.ts';
import type { Probe } from '../probe.ts';
import type { Report } from '../report/schema.ts';
import { collectIdentity } from './identity.ts';
import { runProbes, type ProbeProgress } from './run-probes.ts';

export interface ScanOptions {
  readonly host: Host;
  readonly probes: readonly Probe[];
  readonly policy: LoadedPolicy;
  readonly profile: string;
  readonly log: Logger;
  /** Called as the probes finish (a progress line on a terminal). */
  readonly progress?: ProbeProgress | undefined;
  readonly replay?: { readonly source: string; readonly recordedAt: string } | undefined;
  /** Injected by tests for stable goldens. */
  readonly reportId?: string;
}

export class UnknownProfileError extends Error {
  override readonly name = 'UnknownProfileError';
}

export async function scan(options: ScanOptions): Promise<Report> {
  const { host, policy: loaded, log } = options;
  const resolved = resolveProfile(loaded.policy, options.profile);
  if (!resolved) {
    throw new UnknownProfileError(`unknown profile "${options.profile}" (this policy has: ${Object.keys(loaded.policy.profiles).join(', ')})`);
  }
  const startedAt = host.now();
  const wanted = new Set(resolved.checks.map((c) => c.probe));
  const probes = options.probes.filter((p) => wanted.has(p.id));
  // The probes start first: their commands are the scan's long chains; identity's reads and commands are short.
  const observing = Promise.all([runProbes(probes, host, log, options.progress), collectIdentity(host.section('identity')), host.consoleUser()]);
  // What judges the evidence and builds the report loads while the commands run: the probes have started them by
  // now (a command starts within the promise jobs of runProbes' call; a module import reads files first).
  const [{ buildReport }, [outcomes, device, consoleUser]] = await Promise.all([import('./build-report.ts'), observing]);
  return buildReport(options, resolved, { startedAt, outcomes, device, consoleUser }, host);
}
