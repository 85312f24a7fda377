/**
 * From a finished scan to the collector: stamp `report.delivery` (docs/api.md), sign it as a DSSE envelope,
 * put it in the durable queue, then try to send the queue. The caller prints one line of what happened and
 * exits with the scan's own code unless the report could be neither sent nor queued.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import type { Host } from '../host/host.ts';
import { fill } from '../fix/text.ts';
import type { Lang } from '../i18n/lang.ts';
import { renderReason } from '../i18n/reasons.ts';
import { SAFETY_MESSAGES as S } from '../i18n/safety-messages.ts';
import { Report, type Localized } from '../report/schema.ts';
import { AgentConfig, agentConfigPath, AgentStateError, agentStateDir, configFileProblem, ensureStateDir, loadCounter, loadIdentity, readStateFile, saveCounter, statePaths, type DeviceIdentity, type StatePaths } from './agent-state.ts';
import type { BackoffPolicy } from './backoff.ts';
import type { CaSource } from './ca-pin.ts';
import { signEnvelope } from './dsse.ts';
import { DeliveryError, DeliveryUsageError } from './errors.ts';
import { withStateLock } from './state-lock.ts';
import { enrollDevice } from './enroll.ts';
import { REPORT_PAYLOAD_TYPE } from './protocol.ts';
import { DeliveryQueue, QueueWriteError, type QueueBounds, type QueuedMeta } from './queue.ts';
import { collectorUrl, flushQueue, type FlushResult, type SendTarget } from './send.ts';


export interface DeliveryContext {
  readonly paths: StatePaths;
  readonly platform: Host['platform'];
  readonly configPath: string;
  readonly now: () => Date;
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
  readonly timeoutMs?: number;
  readonly bounds?: QueueBounds;
  /** Told what the agent repaired or warns about on its way (a state file rebuilt, agent.json readable by others). */
  readonly notice?: (text: Localized) => void;
}

export function deliveryContext(host: Pick<Host, 'platform'>, env: NodeJS.ProcessEnv, extra: Partial<DeliveryContext> = {}): DeliveryContext {
  return { paths: statePaths(agentStateDir(host, env)), platform: host.platform, configPath: agentConfigPath(host, env), now: () => new Date(), ...extra };
}

/** The command an administrator types, for messages: sudo on Linux and macOS, an elevated terminal on Windows. */
export function adminCommand(platform: Host['platform'], command: string): { en: string; ja: string } {
  return platform === 'win32'
    ? { en: `open PowerShell as Administrator and run: ${command}`, ja: `PowerShell を「管理者として実行」で開き、次を実行してください: ${command}` }
    : { en: `run it as root: sudo ${command}`, ja: `管理者 (root) で実行してください: sudo ${command}` };
}

/** The device key is readable by administrators only, so enrolling and sending need administrator rights. */
export function requireAdmin(host: Pick<Host, 'isAdmin' | 'platform'>, what: string, command: string, lang: Lang): void {
  if (host.isAdmin) return;
  const how = adminCommand(host.platform, command)[lang];
  throw new DeliveryUsageError(
    lang === 'ja'
      ? `${what}には管理者権限が必要です (端末の鍵は管理者だけが読めます)。${how}`
      : `${what} needs administrator rights (the device key is readable by administrators only); ${how}`,
  );
}

/**
 * The enrolled identity. A damaged identity.json cannot be rebuilt — the device key is in it and nowhere else —
 * so it is left as it is and the message says how to enroll again.
 */
export async function enrolledIdentity(ctx: Pick<DeliveryContext, 'paths' | 'platform'>, lang: Lang, collector?: string): Promise<DeviceIdentity | undefined> {
  try {
    return await loadIdentity(ctx.paths);
  } catch (e) {
    if (!(e instanceof AgentStateError)) throw e;
    const command = adminCommand(ctx.platform, `tenken enroll ${collector ?? (lang === 'ja' ? 'https://コレクター' : 'https://collector.example')} --secret … --new-identity`);
    throw new AgentStateError(e.file, e.problem, fill(S.identityDamaged, { file: e.file, problem: e.problem, command })[lang]);
  }
}

/**
 * The deployed agent.json. It holds the enroll secret, so on POSIX one that others may read or write is
 * refused rather than used, like ssh refuses a private key others can read: the secret may already be known,
 * and using it would hide that; the refusal comes before the first enrollment only, where the PC then stays
 * off the dashboard and its job log says why, until the file is 600 and the secret rotated.
 */
async function deployedConfig(ctx: DeliveryContext, lang: Lang): Promise<AgentConfig | undefined> {
  const problem = await configFileProblem(ctx.configPath, ctx.platform, false);
  if (problem) throw new DeliveryUsageError(problem[lang]);
  try {
    return await readStateFile(ctx.configPath, AgentConfig);
  } catch (e) {
    if (!(e instanceof AgentStateError)) throw e;
    throw new AgentStateError(e.file, e.problem, fill(S.configDamaged, { file: e.file, problem: e.problem })[lang]);
  }
}

/** The enrolled identity, or the deployed agent.json to enroll with after the scan; neither is a usage error. */
export async function sendingPlan(ctx: DeliveryContext, lang: Lang): Promise<{ identity: DeviceIdentity } | { config: AgentConfig }> {
  const identity = await enrolledIdentity(ctx, lang);
  if (identity) return { identity };
  const config = await deployedConfig(ctx, lang);
  if (config) {
    collectorUrl(config.collector, config.insecure ?? false);
    return { config };
  }
  throw new DeliveryUsageError(
    lang === 'ja'
      ? `この PC はまだコレクターに登録されていません: tenken enroll https://コレクター --secret 登録シークレット を実行するか、${ctx.configPath} を配置してください`
      : `this PC is not enrolled with a collector yet: run tenken enroll https://collector.example --secret SECRET, or deploy ${ctx.configPath} ({ "collector": …, "enrollSecret": … })`,
  );
}

/**
 * Enrolls with a deployed agent.json (`scan --send` on first use, `tenken install` at once), pinning the CA it
 * names (caCert / caFingerprint).
 */
export function enrollWithConfig(config: AgentConfig, ctx: DeliveryContext, device: Report['device'], lang: Lang = 'en') {
  const ca = caSourceOf(config);
  return enrollDevice({
    collector: config.collector,
    secret: config.enrollSecret,
    insecure: config.insecure ?? false,
    newIdentity: false,
    paths: ctx.paths,
    platform: ctx.platform,
    device,
    now: ctx.now,
    lang,
    ...(ca ? { ca } : {}),
    ...(ctx.timeoutMs ? { timeoutMs: ctx.timeoutMs } : {}),
  });
}

export interface QueueInput {
  readonly trigger: 'manual' | 'schedule' | 'agent';
  readonly intervalSeconds: number | null;
}

/**
 * Stamps delivery, signs and queues, under the state lock; the counter moves first, so a crash in between
 * shows as a gap, never a repeat.
 */
export async function queueReport(report: Report, identity: DeviceIdentity, ctx: DeliveryContext, input: QueueInput): Promise<{ meta: QueuedMeta; dropped: QueuedMeta[] }> {
  try {
    await ensureStateDir(ctx.paths.dir);
  } catch (e) {
    throw new QueueWriteError(ctx.paths.dir, e as NodeJS.ErrnoException);
  }
  return withStateLock(join(ctx.paths.dir, 'delivery.lock'), async () => {
    let counter;
    let stamped: Report;
    const queuedAt = ctx.now().toISOString();
    try {
      counter = await loadCounter(ctx.paths, { now: ctx.now, ...(ctx.notice ? { notice: ctx.notice } : {}) });
      stamped = Report.parse({
        ...report,
        delivery: { deviceId: identity.deviceId, sequence: counter.sequence + 1, previousReportId: counter.previousReportId, queuedAt, trigger: input.trigger, intervalSeconds: input.intervalSeconds },
      });
      await saveCounter(ctx.paths, { sequence: counter.sequence + 1, previousReportId: report.reportId });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code && !(e instanceof QueueWriteError)) throw new QueueWriteError(ctx.paths.dir, e as NodeJS.ErrnoException);
      throw e;
    }
    const envelope = signEnvelope(REPORT_PAYLOAD_TYPE, Buffer.from(JSON.stringify(stamped)), identity.privateKey);
    const meta: QueuedMeta = { reportId: report.reportId, profile: report.scan.profile, sequence: counter.sequence + 1, trigger: input.trigger, queuedAt, finishedAt: report.scan.finishedAt };
    const { dropped } = await openQueue(ctx).add(meta, envelope);
    return { meta, dropped };
  }).catch((e: unknown) => {
    if (e instanceof DeliveryError || !(e as NodeJS.ErrnoException).code) throw e;
    throw new QueueWriteError(ctx.paths.dir, e as NodeJS.ErrnoException);
  });
}

export const openQueue = (ctx: DeliveryContext) => new DeliveryQueue(ctx.paths.queue, { ...(ctx.bounds ? { bounds: ctx.bounds } : {}), now: ctx.now });

export const sendTarget = (identity: DeviceIdentity): SendTarget => ({
  collector: collectorUrl(identity.collector, identity.insecure),
  token: identity.token,
  ...(identity.caCert ? { ca: identity.caCert } : {}),
});

export const enrollHint = (identity: Pick<DeviceIdentity, 'collector'>) => `tenken enroll ${identity.collector} --secret …`;

export async function flush(ctx: DeliveryContext, identity: DeviceIdentity, options: Parameters<typeof flushQueue>[2] = {}): Promise<FlushResult> {
  return flushQueue(openQueue(ctx), sendTarget(identity), {
    now: ctx.now,
    enrollHint: enrollHint(identity),
    ...(ctx.random ? { random: ctx.random } : {}),
    ...(ctx.backoff ? { backoff: ctx.backoff } : {}),
    ...(ctx.timeoutMs ? { timeoutMs: ctx.timeoutMs } : {}),
    ...options,
  });
}

export type DeliveryOutcome =
  | { readonly kind: 'sent'; readonly line: string }
  | { readonly kind: 'queued'; readonly line: string }
  | { readonly kind: 'failed'; readonly line: string };

const formatTime = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** The CA agent.json pins: its certificate (checked against the fingerprint when both are there), or its fingerprint. */
export function caSourceOf(config: Pick<AgentConfig, 'caCert' | 'caFingerprint'>): CaSource | undefined {
  if (config.caCert) return { pem: config.caCert, ...(config.caFingerprint ? { fingerprint: config.caFingerprint } : {}) };
  return config.caFingerprint ? { fingerprint: config.caFingerprint } : undefined;
}

/** The whole of `scan --send` after the scan: enroll if a config says so, queue, flush, and say what happened. */
export async function deliverReport(report: Report, ctx: DeliveryContext, input: QueueInput, lang: Lang): Promise<DeliveryOutcome> {
  const ja = lang === 'ja';
  const plan = await sendingPlan(ctx, lang);
  let identity: DeviceIdentity;
  if ('identity' in plan) {
    identity = plan.identity;
    // Enrolled, the secret is no longer read; but a copy others can read is still a leak, said on every run.
    const problem = await configFileProblem(ctx.configPath, ctx.platform, true).catch(() => null);
    if (problem) ctx.notice?.(problem);
  } else {
    try {
      ({ identity } = await enrollWithConfig(plan.config, ctx, report.device, lang));
    } catch (e) {
      const why = messageOf(e, lang);
      return { kind: 'failed', line: ja ? `${ctx.configPath} による自動登録に失敗したため、レポートを送信もキューへの保存もできませんでした: ${why}` : `could not enroll with ${ctx.configPath}, so the report could be neither sent nor queued: ${why}` };
    }
  }
  let meta: QueuedMeta;
  let dropped: QueuedMeta[];
  try {
    ({ meta, dropped } = await queueReport(report, identity, ctx, input));
  } catch (e) {
    // Whatever the agent's own state did (unwritable, locked by a stuck tenken), the report is not lost: exit 4
    // and the JSON report on standard output.
    if (!(e instanceof DeliveryError)) throw e;
    return { kind: 'failed', line: ja ? `レポートを送信もキューへの保存もできませんでした: ${e.message}` : `could not send and could not queue the report: ${e.message}` };
  }
  const droppedNote = dropped.length ? (ja ? ` (キューの上限により古いレポート ${dropped.length} 件を破棄)` : ` (the queue's bounds dropped ${dropped.length} older report(s))`) : '';
  let result: FlushResult;
  try {
    result = await flush(ctx, identity, { lang });
  } catch (e) {
    // Queued is safe: whatever stopped the sending (a hand-edited address, the queue folder turning unwritable)
    // is said, and the report waits for the next try.
    const why = messageOf(e, lang);
    return { kind: 'queued', line: ja ? `キューに保存しましたが、送信できませんでした: ${why}${droppedNote}` : `queued, but could not send it now: ${why}${droppedNote}` };
  }
  const mine = result.remaining.find((e) => e.meta.reportId === meta.reportId);
  if (!mine) {
    const others = result.remaining.length;
    const rest = others ? (ja ? `、キューに ${others} 件が残っています` : `; ${others} other report(s) still queued`) : '';
    return { kind: 'sent', line: (ja ? `コレクター ${identity.collector} に送信しました${rest}` : `sent to ${identity.collector}${rest}`) + droppedNote };
  }
  if (mine.state.rejected) {
    return {
      kind: 'queued',
      line: ja
        ? `キューに保存しましたが、コレクターが受け付けませんでした: 「${mine.state.rejected.message}」（原因を直してから tenken queue flush --retry-rejected を実行してください）${droppedNote}`
        : `queued, but the collector rejected it: ${mine.state.rejected.message} (fix the cause, then tenken queue flush --retry-rejected)${droppedNote}`,
    };
  }
  const at = mine.state.nextAttemptAt ? formatTime(new Date(mine.state.nextAttemptAt)) : formatTime(ctx.now());
  const last = mine.state.lastReason ? renderReason(mine.state.lastReason, lang) : mine.state.lastError;
  const why = last ?? (ja ? '前のレポートの再送を待っています' : 'reports before it wait for their retry');
  return {
    kind: 'queued',
    line: ja
      ? `キューに保存しました。${at} 以降、次のスキャンか tenken queue flush で再送します: ${why}${droppedNote}`
      : `queued, will retry at ${at} or later (on the next scan, tenken agent, or tenken queue flush): ${why}${droppedNote}`,
  };
}

/** What stopped the delivery, in the reader's language where it carries a reason code. */
const messageOf = (e: unknown, lang: Lang): string => (e instanceof DeliveryError && e.why ? renderReason(e.why, lang) : (e as Error).message);

/** A scheduled scan without --send keeps its report here, one file per profile, replaced by the next run. */
export async function saveScheduledReport(report: Report, paths: StatePaths): Promise<string> {
  await ensureStateDir(paths.dir);
  await mkdir(paths.reports, { recursive: true, mode: 0o700 });
  const file = join(paths.reports, `latest-${report.scan.profile.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600, durable: true });
  return file;
}
