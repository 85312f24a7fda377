/** What `tenken queue` and `tenken queue flush` do (declared in queue.ts). */
import { EXIT, ExitWith } from '../exit-codes.ts';
import type { Lang } from '../i18n/lang.ts';
import { renderReason } from '../i18n/reasons.ts';
import { DeliveryUsageError } from '../transport/errors.ts';
import type { QueueListing } from '../transport/queue.ts';
import { formatLocalTime, timeZoneFromEnv } from '../i18n/local-time.ts';
import type { CliDeps } from './deps.ts';


async function open(deps: CliDeps, command: string, lang: Lang) {
  const host = await deps.createHost();
  const deliver = await import('../transport/deliver.ts');
  deliver.requireAdmin(host, lang === 'ja' ? '送信キュー' : 'The delivery queue', command, lang);
  const ctx = deliver.deliveryContext(host, deps.env, deps.delivery);
  return { ctx, deliver };
}

/** Local time with its zone for people (the JSON listing keeps UTC). */
const time = (iso: string | null, timeZone: string | undefined) => (iso ? formatLocalTime(iso, timeZone) : '-');

function renderListing(listing: QueueListing, dir: string, lang: Lang, timeZone: string | undefined): string {
  const ja = lang === 'ja';
  const rejected = listing.entries.filter((e) => e.state.rejected).length;
  const lines = [
    ja
      ? `送信キュー ${dir}: ${listing.entries.length} 件${rejected ? `（うち受け付けられなかったもの ${rejected} 件）` : ''}`
      : `Queue ${dir}: ${listing.entries.length} report(s)${rejected ? ` (${rejected} rejected)` : ''}`,
  ];
  for (const e of listing.entries) {
    const next = e.state.rejected ? (ja ? '保留（拒否）' : 'held (rejected)') : time(e.state.nextAttemptAt ?? null, timeZone);
    lines.push(`  ${e.meta.reportId}  ${e.meta.profile}  ${ja ? '保存' : 'queued'} ${time(e.meta.queuedAt, timeZone)}  ${ja ? '試行' : 'attempts'} ${e.state.attempts}  ${ja ? '次回' : 'next'} ${next}`);
    if (e.state.rejected) lines.push(`      ${ja ? '拒否' : 'rejected'}: ${e.state.rejected.message}`);
    else if (e.state.lastError) lines.push(`      ${ja ? '前回のエラー' : 'last error'}: ${e.state.lastReason ? renderReason(e.state.lastReason, ja ? 'ja' : 'en') : e.state.lastError}`);
  }
  if (listing.corrupt.length) {
    lines.push(ja ? `読めないファイル（corrupt/ に移しました）:` : 'Unreadable files (moved to corrupt/):');
    for (const c of listing.corrupt) lines.push(`  ${c.file}${c.reason ? `: ${c.reason}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runList(opts: { format: 'text' | 'json' }, deps: CliDeps, lang: Lang): Promise<void> {
  const { ctx, deliver } = await open(deps, 'tenken queue', lang);
  const listing = await deliver.openQueue(ctx).list();
  if (opts.format === 'json') {
    const entries = listing.entries.map((e) => ({ ...e.meta, ...e.state, file: e.file }));
    deps.stdout(`${JSON.stringify({ dir: ctx.paths.queue, entries, corrupt: listing.corrupt }, null, 2)}\n`);
  } else deps.stdout(renderListing(listing, ctx.paths.queue, lang, timeZoneFromEnv(deps.env)));
}

export async function runFlush(opts: { retryRejected?: boolean }, deps: CliDeps, lang: Lang): Promise<never> {
  const { ctx, deliver } = await open(deps, 'tenken queue flush', lang);
  const ja = lang === 'ja';
  const identity = await deliver.enrolledIdentity(ctx, lang);
  if (!identity) throw new DeliveryUsageError(ja ? 'この PC はまだ登録されていません: tenken enroll https://コレクター --secret …' : 'this PC is not enrolled: tenken enroll https://collector.example --secret …');
  // Progress on a terminal only: a scheduled flush writes no carriage returns into a log.
  const progress = deps.stderrIsTTY ? (n: number, total: number) => deps.stderr(`\r${ja ? '送信中' : 'sending'} ${n} / ${total}`) : undefined;
  const result = await deliver.flush(ctx, identity, { lang, force: true, retryRejected: opts.retryRejected === true, ...(progress ? { onProgress: progress } : {}) });
  if (progress) deps.stderr('\n');
  const lines = [ja ? `送信 ${result.sent} 件（うち既に届いていたもの ${result.duplicates} 件）、残り ${result.remaining.length} 件` : `sent ${result.sent} (${result.duplicates} had arrived before); ${result.remaining.length} remain queued`];
  const zone = timeZoneFromEnv(deps.env);
  for (const r of result.retrying) {
    const at = formatLocalTime(r.nextAttemptAt.toISOString(), zone);
    lines.push(ja ? `  ${at} 以降に再送: ${renderReason(r.reason, 'ja')}` : `  retrying after ${at}: ${renderReason(r.reason, 'en')}`);
  }
  for (const r of result.rejected) lines.push(ja ? `  拒否 ${r.entry.meta.reportId}: 「${r.message}」` : `  rejected ${r.entry.meta.reportId}: ${r.message}`);
  if (result.corrupt) lines.push(ja ? `  読めないファイル ${result.corrupt} 件（tenken queue で確認）` : `  ${result.corrupt} unreadable file(s) in corrupt/ (see tenken queue)`);
  deps.stdout(`${lines.join('\n')}\n`);
  throw new ExitWith(result.remaining.length ? EXIT.incomplete : EXIT.ok);
}
