/**
 * Runs one remediation's steps through the Host, in order, stopping at the first that fails, and turns
 * what happened into its outcome. Progress lines go to the caller as they arrive.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { CommandFailedError, CommandNotFoundError, CommandTimedOutError } from '../host/errors.ts';
import type { Host } from '../host/host.ts';
import type { Localized } from '../report/schema.ts';
import type { FixAction, Outcome, PlanContext, Step } from './actions.ts';
import { FIX_MESSAGES as F } from '../i18n/messages.ts';
import { fill, type StepResult } from './text.ts';

export interface RunActionOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress: (text: Localized) => void;
}

async function runStep(host: Host, step: Step, read: ((line: string) => void) | undefined, signal: AbortSignal | undefined): Promise<StepResult> {
  try {
    const result = await host.run(step.file, step.args, {
      timeoutMs: step.timeoutMs,
      ...(signal ? { signal } : {}),
      ...(step.asConsoleUser ? { asConsoleUser: true } : {}),
      ...(read ? { onStdoutLine: read } : {}),
    });
    return { step, result };
  } catch (e) {
    if (e instanceof CommandNotFoundError) return { step, error: 'not-found', message: e.message };
    if (e instanceof CommandTimedOutError) return { step, error: 'timed-out', message: e.message };
    if (e instanceof CommandFailedError) return { step, error: 'failed', message: e.message };
    // The live host refuses what cannot be done here (running as the console user without root): a reason, not a crash.
    if (e instanceof Error && e.message.startsWith('cannot run ')) return { step, error: 'failed', message: e.message };
    throw e;
  }
}

export async function runAction(action: FixAction, host: Host, steps: readonly Step[], ctx: PlanContext, options: RunActionOptions): Promise<Outcome> {
  const reader = action.progress?.();
  const read = reader
    ? (line: string) => {
        const text = reader(line);
        if (text) options.onProgress(text);
      }
    : undefined;
  const results: StepResult[] = [];
  const startedAt = host.now().toISOString();
  // A tool that says little while it works (freshclam waiting on a mirror) still shows that it is working.
  const began = Date.now();
  const ticker = action.elapsedEvery
    ? setInterval(() => options.onProgress(fill(F.elapsed, { seconds: String(Math.round((Date.now() - began) / 1000)) })), action.elapsedEvery)
    : undefined;
  try {
    for (const step of steps) {
      const r = await runStep(host, step, read, options.signal);
      results.push(r);
      if (r.error || (r.result!.exitCode !== 0 && !step.anyExitCode)) break;
    }
  } finally {
    clearInterval(ticker);
  }
  const outcome = action.outcome(results, ctx);
  const record = action.record?.(results, ctx, { startedAt, finishedAt: host.now().toISOString() });
  if (!record) return outcome;
  try {
    await mkdir(dirname(record.file), { recursive: true });
    await writeFileAtomic(record.file, record.text);
    return { ...outcome, details: [...(outcome.details ?? []), fill(F.scanRecorded, { file: record.file })] };
  } catch (e) {
    return { ...outcome, details: [...(outcome.details ?? []), fill(F.scanNotRecorded, { file: record.file, message: (e as Error).message })] };
  }
}
