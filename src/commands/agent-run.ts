/** What `tenken agent` does (declared in agent.ts). */
import { setTimeout as sleep } from 'node:timers/promises';
import { formatDuration } from '../duration.ts';
import { EXIT, ExitWith } from '../exit-codes.ts';
import { detectLang } from '../i18n/lang.ts';
import { renderReason } from '../i18n/reasons.ts';
import { createLogger, type Logger } from '../log.ts';
import type { CliDeps } from './deps.ts';
import type { AgentOptions } from './agent.ts';
import { openScanSession } from './scan-run.ts';

/** Sleeps until `at` or until stopped; true when stopped. */
async function sleepUntil(at: number, signal: AbortSignal): Promise<boolean> {
  const ms = at - Date.now();
  if (ms > 0) await sleep(ms, undefined, { signal }).catch(() => undefined);
  return signal.aborted;
}

export async function runAgent(opts: AgentOptions, deps: CliDeps): Promise<never> {
  const lang = detectLang(deps.env);
  const log = createLogger('info');
  const deliver = await import('../transport/deliver.ts');
  const { nextDue } = await import('../transport/send.ts');
  const host = await deps.createHost();
  deliver.requireAdmin(host, lang === 'ja' ? 'tenken agent' : 'tenken agent', `tenken agent --every ${formatDuration(opts.every)}`, lang);
  const ctx = deliver.deliveryContext(host, deps.env, { ...deps.delivery, notice: (text) => log.warn(text[lang]) });
  await deliver.sendingPlan(ctx, lang);

  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'stopping after the current step');
    stop.abort();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  log.info({ every: formatDuration(opts.every), splay: opts.splay ? formatDuration(opts.splay) : null, stateDir: ctx.paths.dir }, 'tenken agent started');
  try {
    let nextScan = Date.now() + (opts.splay ? Math.floor(Math.random() * opts.splay * 1000) : 0);
    while (!stop.signal.aborted) {
      // Between scans: flush whenever a retry falls due, until it is time to scan again.
      while (!stop.signal.aborted && Date.now() < nextScan) {
        const entries = await deliver.openQueue(ctx).list().then((l) => l.entries, (e: unknown) => (log.error({ err: e }, 'cannot read the queue'), []));
        const due = nextDue(entries, new Date());
        if (await sleepUntil(due && due.getTime() < nextScan ? due.getTime() : nextScan, stop.signal)) break;
        if (Date.now() < nextScan) await flushOnce(ctx, deliver, log, lang);
      }
      if (stop.signal.aborted) break;
      const started = Date.now();
      await scanAndSend(opts, deps, ctx, deliver, log, lang);
      nextScan = started + opts.every * 1000 + (opts.splay ? Math.floor(Math.random() * opts.splay * 1000) : 0);
      log.info({ nextScanAt: new Date(nextScan).toISOString() }, 'next scan');
    }
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  log.info('tenken agent stopped');
  throw new ExitWith(EXIT.ok);
}

type Deliver = typeof import('../transport/deliver.ts');

async function flushOnce(ctx: import('../transport/deliver.ts').DeliveryContext, deliver: Deliver, log: Logger, lang: 'ja' | 'en'): Promise<void> {
  try {
    const identity = await deliver.enrolledIdentity(ctx, lang);
    if (!identity) return;
    const result = await deliver.flush(ctx, identity, { lang });
    log.info({ sent: result.sent, remaining: result.remaining.length, retrying: result.retrying.map((r) => renderReason(r.reason, 'en')) }, 'queue flushed');
  } catch (e) {
    // A queue or state problem is logged; the agent goes on and the next scan says it again.
    log.error({ err: e }, 'could not send the queue');
  }
}

/** One scan and its delivery; a failure is logged and the loop goes on (the next scan may succeed). */
async function scanAndSend(opts: AgentOptions, deps: CliDeps, ctx: import('../transport/deliver.ts').DeliveryContext, deliver: Deliver, log: Logger, lang: 'ja' | 'en'): Promise<void> {
  try {
    const session = await openScanSession({ ...(opts.profile ? { profile: opts.profile } : {}), ...(opts.policy ? { policy: opts.policy } : {}) }, deps);
    const report = await session.scanOnce();
    const outcome = await deliver.deliverReport(report, ctx, { trigger: 'agent', intervalSeconds: opts.every }, lang);
    (outcome.kind === 'failed' ? log.error.bind(log) : log.info.bind(log))({ reportId: report.reportId, result: report.summary.result, delivery: outcome.kind }, outcome.line);
    if (outcome.kind === 'failed') deps.stdout(`${JSON.stringify(report)}\n`);
  } catch (e) {
    log.error({ err: e }, 'scan failed; trying again at the next scan');
  }
}
