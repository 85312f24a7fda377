/**
 * `scan --send` / `--scheduled` / `--splay` (and the same on `check`): the options, and what happens around the
 * scan — checks before it (administrator, enrolled or agent.json deployed), the splay sleep, and after it the
 * delivery (src/transport/deliver.ts) or, scheduled without --send, the report saved in the state folder.
 * Loaded lazily by `tenken scan`, only when one of these options is given.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Host } from '../host/host.ts';
import type { Lang } from '../i18n/lang.ts';
import type { Report } from '../report/schema.ts';
import { formatDuration } from '../duration.ts';
import { DeliveryUsageError } from '../transport/errors.ts';
import { deliverReport, deliveryContext, requireAdmin, saveScheduledReport, sendingPlan, type DeliveryContext } from '../transport/deliver.ts';
import type { CliDeps } from './deps.ts';

export interface DeliveryOptions {
  send?: boolean;
  /** `--scheduled 24h`: seconds between scheduled runs. */
  scheduled?: number;
  /** `--splay 1h`: sleep a random time in [0, splay) first. */
  splay?: number;
}

export interface PreparedDelivery {
  /**
   * After the scan, and after its output was written: deliver or save. `forceJson`: the report could not be
   * queued, so its whole JSON must reach standard output too (unless that is what was written already).
   */
  afterScan(report: Report, scanCode: ExitCode): Promise<{ code: ExitCode; forceJson: boolean }>;
}

export async function prepareDelivery(opts: DeliveryOptions & { replay?: string }, host: Host, deps: CliDeps, lang: Lang, extra: Partial<DeliveryContext> = {}): Promise<PreparedDelivery> {
  if (opts.send && opts.replay) throw new DeliveryUsageError('--send sends this PC\'s own scan; a replayed recording is another machine and is not sent (drop --replay, or write it with --out)');
  if (opts.splay !== undefined && opts.scheduled === undefined) throw new DeliveryUsageError('--splay goes with --scheduled <every> (a scheduled job spreads its start)');
  const command = `tenken ${opts.send ? 'scan --send' : 'scan'}${opts.scheduled ? ` --scheduled ${formatDuration(opts.scheduled)}` : ''}`;
  requireAdmin(host, lang === 'ja' ? 'レポートの送信と保存' : 'Sending and keeping reports', command, lang);
  const say = (line: string) => deps.stderr(`tenken: ${line}\n`);
  const ctx = deliveryContext(host, deps.env, { ...deps.delivery, notice: (text) => say(text[lang]), ...extra });
  // Before the scan, so that a PC that cannot send says so at once, not after a minute of probes.
  if (opts.send) await sendingPlan(ctx, lang);
  if (opts.splay) await sleep(Math.floor(Math.random() * opts.splay * 1000));
  return {
    async afterScan(report, scanCode) {
      if (!opts.send) {
        const file = await saveScheduledReport(report, ctx.paths);
        say(lang === 'ja' ? `レポートを保存しました: ${file}` : `report saved to ${file}`);
        return { code: scanCode, forceJson: false };
      }
      const outcome = await deliverReport(report, ctx, { trigger: opts.scheduled ? 'schedule' : 'manual', intervalSeconds: opts.scheduled ?? null }, lang);
      say(outcome.line);
      return outcome.kind === 'failed' ? { code: EXIT.agentFailure, forceJson: true } : { code: scanCode, forceJson: false };
    },
  };
}
