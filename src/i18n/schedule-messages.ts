/** What `tenken schedule` says to people, in Japanese and English. `{name}` placeholders are filled with fill(). */
import type { Localized } from '../report/schema.ts';

export const SCHEDULE_MESSAGES = {
  kind: {
    systemd: { ja: 'systemd タイマー', en: 'systemd timer' },
    cron: { ja: 'cron', en: 'cron' },
    launchd: { ja: 'launchd（LaunchDaemon）', en: 'launchd (LaunchDaemon)' },
    'task-scheduler': { ja: 'タスク スケジューラ', en: 'Task Scheduler' },
  },
  installed: {
    ja: '定期点検を登録しました: {every}ごとに tenken scan（最大 {splay} のランダムな遅延つき）{profile}{send}',
    en: 'Scheduled: tenken scan every {every} (after a random delay of up to {splay}){profile}{send}',
  },
  installedNoSplay: {
    ja: '定期点検を登録しました: {every}ごとに tenken scan（遅延なし）{profile}{send}',
    en: 'Scheduled: tenken scan every {every} (no random delay){profile}{send}',
  },
  profilePart: { ja: '、プロファイル {profile}', en: ', profile {profile}' },
  sendPart: { ja: '、結果を収集サーバーへ送信', en: ', sending reports to the collector' },
  keepPart: { ja: '、結果は端末内に保存', en: ', keeping reports on this machine' },
  scheduler: { ja: 'スケジューラ', en: 'Scheduler' },
  files: { ja: 'ファイル', en: 'Files' },
  task: { ja: 'タスク', en: 'Task' },
  ran: { ja: '実行したコマンド', en: 'Ran' },
  checkWith: { ja: '状態の確認: tenken schedule status', en: 'Check it with: tenken schedule status' },
  replaced: { ja: '以前の登録を置き換えました。', en: 'The previous schedule was replaced.' },
  removedOther: { ja: '以前の {kind} の登録 {file} を削除しました（二重に実行されないように）。', en: 'Removed the earlier {kind} job {file}, so scans do not run twice.' },
  noCronDaemon: {
    ja: '注意: cron デーモン（cron / crond）が見つかりません。cron をインストールして起動するまで、定期点検は実行されません。',
    en: 'Note: no cron daemon (cron or crond) was found. Scans will not run until one is installed and running.',
  },
  removed: { ja: '定期点検の登録を削除しました（{kind}）。', en: 'The scheduled scan was removed ({kind}).' },
  notInstalledNothingToRemove: { ja: '定期点検は登録されていません。削除するものはありません。', en: 'No scheduled scan is installed; nothing to remove.' },
  logsKept: { ja: 'ログ {dir} は残してあります。', en: 'Its logs in {dir} were kept.' },

  statusHeading: { ja: '定期点検（{kind}）', en: 'Scheduled scan ({kind})' },
  notInstalled: {
    ja: '定期点検は登録されていません。登録するには: sudo tenken schedule install --every 24h',
    en: 'No scheduled scan is installed. To install one: sudo tenken schedule install --every 24h',
  },
  notInstalledWindows: {
    ja: '定期点検は登録されていません。登録するには、管理者として開いたターミナルで: tenken schedule install --every 24h',
    en: 'No scheduled scan is installed. To install one, in a terminal opened as administrator: tenken schedule install --every 24h',
  },
  command: { ja: 'コマンド', en: 'Command' },
  state: { ja: '状態', en: 'State' },
  lastRun: { ja: '前回の実行', en: 'Last run' },
  nextRun: { ja: '次回の実行', en: 'Next run' },
  never: { ja: 'まだ実行されていません', en: 'not yet run' },
  runningNow: { ja: '実行中', en: 'running now' },
  unknownTime: { ja: '時刻不明', en: 'time unknown' },
  notReported: { ja: '（このスケジューラは報告しません）', en: '(this scheduler does not report it)' },
  exitMeaning: {
    0: { ja: '終了コード 0: すべて合格', en: 'exit 0: compliant' },
    1: { ja: '終了コード 1: 不合格のチェックあり（点検は完了）', en: 'exit 1: some checks failed (the scan completed)' },
    2: { ja: '終了コード 2: 使い方または入力の誤り', en: 'exit 2: usage error or invalid input' },
    3: { ja: '終了コード 3: 一部確認できず（点検は完了）', en: 'exit 3: incomplete (the scan completed)' },
    4: { ja: '終了コード 4: tenken 自体の失敗（送信も保存もできなかった等）', en: 'exit 4: agent failure (e.g. could not send and could not queue)' },
  } as Record<number, Localized>,
  otherExit: { ja: '終了コード {code}', en: 'exit {code}' },
  healthy: { ja: '正常（終了コード 0）', en: 'healthy (exit code 0)' },
  unhealthy: { ja: '要確認（終了コード 3）', en: 'needs attention (exit code 3)' },
  notInstalledResult: { ja: '未登録（終了コード 1）', en: 'not installed (exit code 1)' },
  log: { ja: 'ログ', en: 'Log' },
  result: { ja: '判定', en: 'Result' },

  problemTimerInactive: { ja: 'タイマーが動作していません。sudo systemctl enable --now tenken-scan.timer で開始してください。', en: 'The timer is not active. Start it: sudo systemctl enable --now tenken-scan.timer' },
  problemTimerDisabled: { ja: 'タイマーが起動時に有効になりません（UnitFileState が enabled ではありません）。', en: 'The timer is not enabled at boot (UnitFileState is not enabled).' },
  problemNotLoaded: { ja: 'ファイル {file} はありますが、スケジューラに読み込まれていません。もう一度 tenken schedule install を実行してください。', en: 'The file {file} exists but the scheduler has not loaded it. Run tenken schedule install again.' },
  problemLastRunFailed: { ja: '前回の実行が失敗しました（{detail}）。ログ: {log}', en: 'The last run failed ({detail}). Log: {log}' },
  problemNoNextRun: { ja: '次回の実行が予定されていません。', en: 'No next run is scheduled.' },
  problemTaskDisabled: { ja: 'タスクが無効になっています。有効にするには: schtasks /Change /TN "\\tenken\\scan" /ENABLE', en: 'The task is disabled. Enable it: schtasks /Change /TN "\\tenken\\scan" /ENABLE' },
  problemNoCronDaemon: { ja: 'cron デーモンが動作していません（{files} に実行中のプロセスがありません）。cron を起動するまで実行されません。', en: 'No cron daemon is running (no live process in {files}); nothing runs until cron is started.' },
  problemCronFile: { ja: '{file} を cron が読めません: {message}', en: 'cron cannot read {file}: {message}' },
  backgroundItemDisabled: {
    ja: 'macOS の「ログイン項目」で tenken のバックグラウンド実行がオフになっているため、定期診断は実行されません。システム設定 → 一般 → ログイン項目と機能拡張 →「バックグラウンドでの実行を許可」で tenken をオンにしてください（MDM では「管理対象ログイン項目」で事前に許可できます）。',
    en: 'macOS Login Items has tenken switched off, so the scheduled scan does not run. Switch tenken on in System Settings → General → Login Items & Extensions → Allow in the Background (an MDM can pre-approve it with Managed Login Items).',
  },
  backgroundItemDisallowed: {
    ja: 'macOS のバックグラウンド項目の管理で tenken が許可されていない（disallowed）ため、定期診断が実行されない可能性があります。MDM の「管理対象ログイン項目」の設定を確認してください。',
    en: 'macOS Background Task Management marks tenken as disallowed, so the scheduled scan may not run. Check the MDM\'s Managed Login Items settings.',
  },
  backgroundItemNeedsRoot: {
    ja: 'macOS の「ログイン項目」で tenken がオフにされていないかは、root でのみ確認できます（sudo tenken schedule status）。',
    en: 'Whether macOS Login Items has tenken switched off can be read as root only (sudo tenken schedule status).',
  },
  backgroundItemUnknown: {
    ja: 'macOS の「ログイン項目」で tenken がオフにされていないかを確認できませんでした: {reason}',
    en: 'Could not tell whether macOS Login Items has tenken switched off: {reason}',
  },
  problemStatusUnreadable: { ja: 'スケジューラの状態を読めませんでした: {reason}', en: 'Could not read the scheduler\'s state: {reason}' },
  missedRuns: { ja: '実行できなかった回数: {count}', en: 'Missed runs: {count}' },

  needsAdmin: {
    ja: '定期点検の登録と削除には管理者権限が必要です。root で実行してください: {command}',
    en: 'Installing and removing the scheduled scan needs administrator rights. Run it as root: {command}',
  },
  needsAdminWindows: {
    ja: '定期点検の登録と削除には管理者権限が必要です。「管理者として実行」したターミナルで実行してください: {command}',
    en: 'Installing and removing the scheduled scan needs administrator rights. Run it in a terminal opened with "Run as administrator": {command}',
  },
  runtimeSources: {
    ja: 'tenken がソース（TypeScript）から実行されているため、スケジューラに登録できません。npm run build の後に {script} で実行するか、tenken をインストールしてから実行してください。',
    en: 'tenken is running from its TypeScript sources, which a scheduler cannot run. Build it (npm run build) and run {script}, or install tenken, then schedule again.',
  },
  runtimeNotBuilt: {
    ja: '{script} がありません。npm run build でビルドしてから、もう一度実行してください。',
    en: '{script} does not exist. Build tenken (npm run build), then schedule again.',
  },
  runtimeNpxCache: {
    ja: 'tenken が npx の一時キャッシュ（{path}）から実行されています。キャッシュは消えることがあるため登録できません。npm install -g tenken などで固定の場所にインストールしてください。',
    en: 'tenken is running from npx\'s cache ({path}), which can be cleaned at any time. Install it in a fixed place (e.g. npm install -g tenken), then schedule again.',
  },
  runtimeUnstable: {
    ja: '注意: 登録したプログラム {path} はバージョン付きのフォルダにあり、Node.js の更新（brew upgrade、nvm など）で消えると定期スキャンが止まります。tenken のインストーラーで入れるか、更新後に tenken schedule install をもう一度実行してください。',
    en: 'Note: the scheduled program {path} is in a versioned folder; when an update of Node.js (brew upgrade, nvm, …) removes it, scheduled scans stop. Install tenken with its installer, or run tenken schedule install again after such an update.',
  },
  runtimeControlCharacters: {
    ja: 'パス {path} に改行や引用符が含まれているため、スケジューラの設定に安全に書けません。別の場所にインストールしてください。',
    en: 'The path {path} contains a newline or a quote, which cannot be written safely into a scheduler\'s definition. Install tenken elsewhere.',
  },
  splayTooLong: { ja: '--splay {splay} は --every {every} より短くしてください。', en: '--splay {splay} must be shorter than --every {every}.' },
  everyTooLong: { ja: '--every は最長 {max} です。', en: '--every can be at most {max}.' },
  badProfileName: { ja: 'プロファイル名 "{profile}" は使えません（英数字とハイフンのみ）。', en: 'The profile name "{profile}" cannot be used (letters, digits and dashes only).' },
  cronInterval: {
    ja: 'cron では 1 時間または 1 日を割り切れる間隔だけを設定できます（{intervals}）。--every を選び直してください。',
    en: 'cron can run a job only at intervals that divide an hour or a day ({intervals}). Choose another --every.',
  },
  commandFailed: { ja: '{command} が失敗しました: {message}', en: '{command} failed: {message}' },
} as const;
