/** Why a fact of the screen-lock probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

const NEVER_CAUSE = {
  policy: { ja: '管理者の制限（lockdown）で画面のロックが禁止されています', en: 'a lockdown setting forbids locking the screen' },
  disabled: { ja: '画面のロックが無効です', en: 'locking is turned off' },
  'no-idle': { ja: '無操作とみなすまでの時間が 0（しない）です', en: 'the idle delay is 0 (never idle)' },
} as const;
const POWER = { ac: { ja: '電源接続時', en: 'AC power' }, battery: { ja: 'バッテリー駆動時', en: 'battery' } } as const;
type PowerSource = keyof typeof POWER;

export const SCREEN_LOCK_REASONS = {
  'screen-lock.no-console-user': t(
    (_) => 'コンソールのユーザーが見つからないため、そのユーザーの設定を読み取れません',
    (_) => 'no console user whose settings could be read (see graphicalSession)',
  ),
  'screen-lock.no-graphical-session': t<{ type: string }>(
    (p) => `グラフィカルなセッションがありません（コンソールのセッションの種類は「${p.type}」）。ロックする画面がありません`,
    (p) => `no graphical session (the console session is of type "${p.type}"): there is no screen to lock`,
  ),
  'screen-lock.no-desktop-name': t((_) => 'ログインセッションがデスクトップ環境の名前を示していません', (_) => 'the login session does not name its desktop'),
  'screen-lock.unsupported-desktop': t<{ desktop: string }>((p) => `デスクトップ環境「${p.desktop}」には対応していません`, (p) => `unsupported desktop "${p.desktop}"`),
  'screen-lock.gnome-resume-unknown': t(
    (_) => 'GNOME は lock-enabled が有効なときにスリープ前にロックしますが、lock-enabled を読み取れませんでした',
    (_) => 'GNOME locks on suspend when lock-enabled is on, and lock-enabled is unknown',
  ),
  'screen-lock.cinnamon-no-resume': t(
    (_) => 'Cinnamon では確認しません（tenken が読み取る、スリープ復帰時のロックの設定がありません）',
    (_) => 'not read on Cinnamon: it has no lock-on-suspend setting of its own that tenken reads',
  ),
  'screen-lock.no-settings-tool': t((_) => '設定を読み取るツールを実行できませんでした', (_) => 'no settings tool could be run'),
  'screen-lock.kde-no-home': t(
    (_) => 'kreadconfig がインストールされておらず、コンソールのユーザーのホームフォルダーも /etc/passwd にありません',
    (_) => 'kreadconfig is not installed and the console user has no home directory in /etc/passwd',
  ),
  'screen-lock.never': t<{ causes: readonly (keyof typeof NEVER_CAUSE)[] }>(
    (p) => `無操作のときに画面がロックされません。${p.causes.map((c) => NEVER_CAUSE[c].ja).join('。')}`,
    (p) => `the screen never locks when idle: ${p.causes.map((c) => NEVER_CAUSE[c].en).join('; ')}`,
  ),
  'screen-lock.settings-incomplete': t(
    (_) => 'ロックの設定の一部を読み取れませんでした（ほかの理由を参照してください）',
    (_) => 'not all lock settings could be read (see the other unknown facts)',
  ),
  'screen-lock.grace-unknown': t((_) => 'ロックまでの猶予時間を読み取れませんでした', (_) => 'the grace delay could not be read'),
  'screen-lock.password-unknown': t(
    (_) => 'スリープやスクリーンセーバーの後にパスワードが必要かどうかを読み取れませんでした',
    (_) => 'whether a password is required after sleep or the screen saver could not be read',
  ),
  'screen-lock.no-password': t((_) => 'スリープやスクリーンセーバーの後にパスワードを求めない設定です', (_) => 'no password is required after sleep or the screen saver'),
  'screen-lock.macos-never': t(
    (_) => '画面がロックされません。スリープやスクリーンセーバーの後にパスワードを求めない設定です（screenLock がオフ）',
    (_) => 'the screen never locks: no password is required after sleep or the screen saver (screenLock is off)',
  ),
  'screen-lock.power-unknown': t((_) => '電源の設定を読み取れませんでした', (_) => 'the power settings could not be read (see macos.*)'),
  'screen-lock.macos-never-idle': t<{ sources: readonly PowerSource[] }>(
    (p) => `${p.sources.map((s) => POWER[s].ja).join('と')}は、スクリーンセーバーもディスプレイのスリープも始まらないため、無操作のときに画面がロックされません`,
    (p) => `the screen never locks when idle on ${p.sources.map((s) => POWER[s].en).join(' and ')}: neither the screen saver nor display sleep ever starts`,
  ),
  'screen-lock.macos-idle-unknown': t(
    (_) => 'スクリーンセーバーが始まるまでの時間がわからず、ほかに無操作を終わらせる設定もありません',
    (_) => 'the screen saver idle time is not known and nothing else ends the idle session (see macos.*)',
  ),
  'screen-lock.macos-idle-default': t(
    (_) => 'idleTime が設定されていないため OS の既定値が使われますが、macOS 13〜15 の既定値を示す一次情報がないため、値を仮定しません',
    (_) =>
      'idleTime is not set, so the OS default applies; no primary source gives that default for macOS 13–15 (CIS benchmarks for 10.14/10.15 say 1200 s), so it is not assumed',
  ),
  'screen-lock.no-battery': t((_) => 'バッテリーがありません（バッテリーのない Mac）', (_) => 'no battery power source (a Mac without a battery)'),
  'screen-lock.no-ac': t((_) => 'pmset に電源接続時の設定がありません', (_) => 'pmset lists no AC power source'),
  'screen-lock.pmset-missing': t<{ key: string; source: PowerSource }>(
    (p) => `pmset に${POWER[p.source].ja}の ${p.key} がありません`,
    (p) => `pmset lists no ${p.key} for ${POWER[p.source].en}`,
  ),
  'screen-lock.hive-not-loaded': t(
    (_) => 'コンソールのユーザーのレジストリに Control Panel\\Desktop キーがありません（読み込まれていません）',
    (_) => "the console user's hive has no Control Panel\\Desktop key (hive not loaded)",
  ),
  'screen-lock.not-set': t<{ name: string }>((p) => `${p.name} が設定されていません`, (p) => `${p.name} is not set`),
  'screen-lock.windows-no-delay': t(
    (_) => 'Windows では確認しません（パスワード付きのスクリーンセーバーは、始まった時点でパスワードを求めます）',
    (_) => 'not read on Windows: a secure screen saver asks for the password when it starts',
  ),
  'screen-lock.windows-never': t<{ sources: readonly PowerSource[] }>(
    (p) =>
      `${p.sources.map((s) => POWER[s].ja).join('と')}は、無操作のときに画面がロックされません。パスワード付きのスクリーンセーバーも、無操作の制限時間も、復帰時にサインインを求めるスリープもありません`,
    (p) =>
      `the screen never locks when idle on ${p.sources.map((s) => POWER[s].en).join(' and ')}: no secure screen saver with a program, no inactivity limit, and no sleep with sign-in on wake`,
  ),
};
