/**
 * The texts of the reasons (src/i18n/reason.ts) in Japanese and English, and their rendering. Codes every probe
 * needs are here; a probe's own codes live in probes/<id>/reasons.ts, next to the code that sets them. Only what
 * shows a reason to people loads this catalogue: a probe that sets one does not (reason.ts knows the codes from
 * its type alone), so a scan starts its probes' commands before the catalogue's ~1,000 templates are loaded.
 */
import { ANTIVIRUS_REASONS } from '../../probes/antivirus/reasons.ts';
import { BACKUP_REASONS } from '../../probes/backup/reasons.ts';
import { BROWSERS_REASONS } from '../../probes/browsers/reasons.ts';
import { CLOCK_SYNC_REASONS } from '../../probes/clock-sync/reasons.ts';
import { DISK_ENCRYPTION_REASONS } from '../../probes/disk-encryption/reasons.ts';
import { FIREWALL_REASONS } from '../../probes/firewall/reasons.ts';
import { OFFICE_MACROS_REASONS } from '../../probes/office-macros/reasons.ts';
import { OS_UPDATES_REASONS } from '../../probes/os-updates/reasons.ts';
import { P2P_SOFTWARE_REASONS } from '../../probes/p2p-software/reasons.ts';
import { REMOTE_ACCESS_REASONS } from '../../probes/remote-access/reasons.ts';
import { SCREEN_LOCK_REASONS } from '../../probes/screen-lock/reasons.ts';
import { SHARING_REASONS } from '../../probes/sharing/reasons.ts';
import { SIGN_IN_REASONS } from '../../probes/sign-in/reasons.ts';
import { WIFI_REASONS } from '../../probes/wifi/reasons.ts';
import { DELIVERY_REASONS } from './delivery-reasons.ts';
import type { Lang } from './lang.ts';
import { list, template as t, type Params } from './message.ts';
import type { ReasonJson } from './reason.ts';

const COMMON_REASONS = {
  'command.missing': t<{ command: string }>((p) => `${p.command} がインストールされていません`, (p) => `${p.command} is not installed`),
  'command.failed': t<{ command: string; exitCode: number }>(
    (p) => `${p.command} が失敗しました（終了コード ${p.exitCode}）`,
    (p) => `${p.command} failed (exit ${p.exitCode})`,
  ),
  'command.not-run': t<{ command: string }>((p) => `${p.command} を実行できませんでした`, (p) => `${p.command} did not run`),
  'command.timed-out': t<{ command: string }>((p) => `${p.command} が時間内に終わりませんでした`, (p) => `${p.command} timed out`),
  'command.unexpected-output': t<{ command: string }>((p) => `${p.command} の出力を読み取れませんでした`, (p) => `unexpected output from ${p.command}`),
  'command.no-answer': t<{ command: string }>((p) => `${p.command} が何も返しませんでした`, (p) => `${p.command} returned nothing`),
  'query.failed': t<{ source: string }>((p) => `${p.source} を照会できませんでした`, (p) => `${p.source} could not be queried`),
  'value.missing': t<{ source: string; name: string }>((p) => `${p.source} に ${p.name} がありません`, (p) => `${p.source} has no ${p.name}`),
  'value.unexpected': t<{ source: string; name: string }>((p) => `${p.source} の ${p.name} が想定外の値です`, (p) => `unexpected ${p.name} value in ${p.source}`),
  'file.missing': t<{ path: string }>((p) => `${p.path} がありません`, (p) => `${p.path} is missing`),
  'file.unreadable': t<{ path: string }>((p) => `${p.path} をこのユーザーでは読み取れません`, (p) => `${p.path} is not readable by this user`),
  'file.privacy-protected': t<{ path: string }>((p) => `${p.path} は macOS のプライバシー保護のため読み取れません`, (p) => `${p.path} is not readable (privacy protection)`),
  'file.unexpected': t<{ path: string }>((p) => `${p.path} の内容を読み取れませんでした`, (p) => `${p.path} does not have the expected content`),
  'registry.unreadable': t<{ key: string }>((p) => `レジストリキー ${p.key} を読み取れません`, (p) => `cannot read ${p.key}`),
  'registry.missing': t<{ key: string }>((p) => `レジストリキー ${p.key} がありません`, (p) => `${p.key} does not exist`),
  'needs-admin': t<{ what: string }>((p) => `${p.what} の読み取りには管理者権限が必要です`, (p) => `reading ${p.what} needs administrator rights`),
  'console-user.no-sid': t<{ sid: string }>(
    (p) => `コンソールのユーザーの SID が不明か不正（${p.sid}）なため、そのユーザーのレジストリを特定できません`,
    (p) => `the console user's SID is unknown or malformed (${p.sid}): their registry hive cannot be located`,
  ),
  'console-user.none': t((_) => 'コンソールでログインしているユーザーが見つかりません', (_) => 'no user is logged in at the console'),
  'console-user.lookup-failed': t<{ command: string; exitCode: number }>(
    (p) => `コンソールのユーザーを特定できません（${p.command} が失敗しました。終了コード ${p.exitCode}）`,
    (p) => `the console user could not be found: ${p.command} failed (exit ${p.exitCode})`,
  ),
  'console-user.setup-assistant': t(
    (_) => '設定アシスタントの実行中です（/dev/console の所有者がそのアカウント _mbsetupuser です）。まだ誰もログインしていません',
    (_) => 'Setup Assistant is running (its account _mbsetupuser owns /dev/console); nobody has logged in yet',
  ),
  'console-user.no-logind': t((_) => 'systemd-logind を利用できないため、コンソールのユーザーを特定できません', (_) => 'systemd-logind is not available, so the console user cannot be found'),
  'fact.unknown': t((_) => 'この情報を確認できませんでした', (_) => 'the probe could not establish this fact'),
  // Reasons the policy gives for a check as a whole (src/policy/evaluate.ts).
  'check.other-platforms': t<{ platforms: readonly string[] }>(
    (p) => `この項目は ${list(p.platforms, 'ja')} だけで確認します`,
    (p) => `only checked on ${list(p.platforms, 'en')}`,
  ),
  'check.probe-missing': t<{ probe: string }>((p) => `確認処理 ${p.probe} が実行されませんでした`, (p) => `probe ${p.probe} did not run`),
  'check.unsupported-platform': t<{ probe: string; platform: string }>(
    (p) => `確認処理 ${p.probe} は ${p.platform} にまだ対応していません`,
    (p) => `probe ${p.probe} cannot inspect ${p.platform} yet`,
  ),
  'check.needs-admin': t<{ probe: string }>(
    (p) => `確認処理 ${p.probe} には管理者権限が必要です（sudo または管理者として実行してください）`,
    (p) => `probe ${p.probe} needs administrator rights; run tenken with sudo or as Administrator`,
  ),
  'check.probe-failed': t<{ probe: string }>((p) => `確認処理 ${p.probe} でエラーが発生しました`, (p) => `probe ${p.probe} failed`),
  'check.probe-timed-out': t<{ probe: string }>((p) => `確認処理 ${p.probe} が時間内に終わりませんでした`, (p) => `probe ${p.probe} timed out`),
  'check.not-applicable': t<{ path: string; value: string }>((p) => `${p.path} が ${p.value} のため対象外です`, (p) => `not applicable: ${p.path} is ${p.value}`),
};

export const REASONS = {
  ...COMMON_REASONS,
  ...DELIVERY_REASONS,
  ...ANTIVIRUS_REASONS,
  ...BACKUP_REASONS,
  ...BROWSERS_REASONS,
  ...CLOCK_SYNC_REASONS,
  ...DISK_ENCRYPTION_REASONS,
  ...FIREWALL_REASONS,
  ...OFFICE_MACROS_REASONS,
  ...OS_UPDATES_REASONS,
  ...P2P_SOFTWARE_REASONS,
  ...REMOTE_ACCESS_REASONS,
  ...SCREEN_LOCK_REASONS,
  ...SHARING_REASONS,
  ...SIGN_IN_REASONS,
  ...WIFI_REASONS,
};

/** The reason in both languages, for messages built with fill(). */
export const localizeReason = (r: ReasonJson): { ja: string; en: string } => ({ ja: renderReason(r, 'ja'), en: renderReason(r, 'en') });

/** The reason in the reader's language; the OS's own words follow in quotes. */
export function renderReason(r: ReasonJson, lang: Lang): string {
  const entry = (REASONS as Record<string, { ja(p: Params): string; en(p: Params): string }>)[r.code];
  const raw = `${r.code} ${JSON.stringify(r.params)}`;
  let text: string;
  try {
    // A report is the device's word: a known code may arrive with parameters of another shape (a newer agent, or a
    // forged report), and a template then throws. The code and its parameters, as they came, say the same.
    text = entry ? entry[lang](r.params) : raw;
  } catch {
    text = raw;
  }
  if (r.detail === undefined) return text;
  return lang === 'ja' ? `${text}: 「${r.detail}」` : `${text}: "${r.detail}"`;
}
