/** Why a fact of the backup probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { list, template as t } from '../../src/i18n/message.ts';

const TOOL_NAMES: Record<string, { ja: string; en: string }> = {
  'time-machine': { ja: 'Time Machine', en: 'Time Machine' },
  'file-history': { ja: 'ファイル履歴', en: 'File History' },
  'onedrive-folder-backup': { ja: 'OneDrive のフォルダーのバックアップ', en: 'OneDrive folder backup' },
  'deja-dup': { ja: 'Déjà Dup', en: 'Déjà Dup' },
  restic: { ja: 'restic', en: 'restic' },
  borg: { ja: 'Borg', en: 'Borg' },
  borgmatic: { ja: 'borgmatic', en: 'borgmatic' },
};
const names = (tools: readonly string[], lang: 'ja' | 'en') => list(tools.map((tool) => TOOL_NAMES[tool]?.[lang] ?? tool), lang);

export const BACKUP_REASONS = {
  'backup.none-found': t<{ tools: readonly string[] }>(
    (p) => `tenken が確認できるバックアップ（${names(p.tools, 'ja')}）は設定されていません。ほかの方法でバックアップしている場合は、自社診断で手動で回答してください`,
    (p) => `none of the backups tenken can read (${names(p.tools, 'en')}) is set up; if this PC is backed up another way, answer the self-check by hand`,
  ),
  'backup.never': t(
    (_) => 'バックアップは設定されていますが、一度も完了していません',
    (_) => 'a backup is set up but has never completed',
  ),
  'backup.undated': t<{ tools: readonly string[] }>(
    (p) => `${names(p.tools, 'ja')}が最後にバックアップを完了した日時がわからないため、最新のバックアップの日時もわかりません`,
    (p) => `when ${names(p.tools, 'en')} last completed a backup is not known, so neither is the time of the latest backup`,
  ),
  'backup.schedule-unknown': t(
    (_) => 'バックアップが自動で行われる設定かどうかを確認できませんでした',
    (_) => 'whether the backup runs on a schedule could not be read',
  ),
  'backup.history-unknown': t<{ tools: readonly string[] }>(
    (p) => `${names(p.tools, 'ja')}がバックアップを完了したことがあるかどうかを確認できません`,
    (p) => `whether ${names(p.tools, 'en')} has ever completed a backup is not known`,
  ),
  'backup.timer-run-unknown': t<{ unit: string; result: string }>(
    (p) => `${p.unit} の前回の実行が成功したかどうかを確認できません（結果: ${p.result || '不明'}）`,
    (p) => `the last run of ${p.unit} is not known to have succeeded (result: ${p.result || 'none'})`,
  ),
  'backup.full-disk-access': t<{ path: string }>(
    (p) =>
      `Time Machine の記録（${p.path}）は「フルディスクアクセス」を許可されたアプリしか読み取れません。システム設定 →「プライバシーとセキュリティ」→「フルディスクアクセス」で tenken を許可するか、MDM の PPPC プロファイルで許可してください`,
    (p) =>
      `Time Machine's records (${p.path}) can be read only by apps with Full Disk Access: allow tenken in System Settings → Privacy & Security → Full Disk Access, or through an MDM PPPC profile`,
  ),
  'backup.file-history-no-date': t(
    (_) => 'ファイル履歴は有効ですが、最後にバックアップした日時（ProtectedUpToTime）が記録されていません',
    (_) => 'File History is on but records no time of its last backup (ProtectedUpToTime)',
  ),
  'backup.no-console-user-windows': t(
    (_) => 'コンソールでサインインしているユーザーがいないため、ユーザーごとのバックアップ設定（ファイル履歴、OneDrive）を読み取れません',
    (_) => 'nobody is signed in at the console, so the per-user backup settings (File History, OneDrive) cannot be read',
  ),
  'backup.machine-wide': t(
    (_) => 'Time Machine はこの Mac 全体の設定で、ユーザーごとには読み取りません',
    (_) => 'Time Machine is set for the whole Mac, not per user',
  ),
  'backup.gsettings-memory': t(
    (_) => 'gsettings がユーザーの設定（dconf）を読み取れず既定値だけを表示したため、Déjà Dup の設定がわかりません',
    (_) => "gsettings could not reach the user's settings (dconf) and printed only the defaults, so Déjà Dup's settings are not known",
  ),
};
