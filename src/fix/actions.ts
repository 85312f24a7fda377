/**
 * The remediations `tenken fix` can offer, as data: which checks each addresses, on which OS, whether it
 * needs administrator rights, what it says to the person, the commands it runs (shown before they run)
 * and how their output becomes an outcome in plain words. Only safe, reversible steps the OS itself
 * provides: update signatures, scan, open the update page or install updates, turn the firewall on.
 */
import { ClamscanRecord, clamscanCounts } from '../../probes/antivirus/clamscan-record.ts';
import type { Host, Platform } from '../host/host.ts';
import type { ActionId } from './action-ids.ts';
import { formatLocalTime } from '../i18n/local-time.ts';
import { FIX_MESSAGES as F } from '../i18n/messages.ts';
import { powershellArgs, powershellErrorMessage } from '../powershell.ts';
import type { Localized, Report } from '../report/schema.ts';
import { fill, type StepResult } from './text.ts';

/** One command of an action, exactly as it will be run through the Host. */
export interface Step {
  readonly file: string;
  readonly args: readonly string[];
  readonly timeoutMs: number;
  readonly asConsoleUser?: true;
  /** What is shown before it runs: the command line, or the PowerShell script for a PowerShell step. */
  readonly display: string;
  /** A non-zero exit that still counts as success (explorer.exe answers 1 when it opened the page). */
  readonly anyExitCode?: true;
}

export interface PlanContext {
  readonly report: Report;
  /** Folders the virus scan covers (--folder; default the console user's home). */
  readonly folders: readonly string[];
  /** A ClamAV database directory instead of the system's (--clamav-database). */
  readonly clamavDatabase: string | undefined;
  /**
   * Where a completed ClamAV scan is recorded (probes/antivirus/clamscan-record.ts), or undefined when it is
   * not: only a root scan reads every file, so only a root scan is recorded.
   */
  readonly scanRecordFile?: string | undefined;
}

export type OutcomeStatus = 'done' | 'failed';
export interface Outcome {
  readonly status: OutcomeStatus;
  /** Plain words; further lines (infected files) in `details`, verbatim from the tool. */
  readonly message: Localized;
  readonly details?: readonly (string | Localized)[];
  /** What to do next, after the details. */
  readonly advice?: Localized;
}

/** Turns lines of a running step into progress text (on standard error), or nothing. */
export type ProgressReader = (line: string) => Localized | undefined;

export interface FixAction {
  readonly id: ActionId;
  /** Check ids of the policy this action can turn into a pass. */
  readonly addresses: readonly string[];
  readonly platform: Platform;
  readonly needsAdmin: boolean;
  readonly title: Localized;
  readonly description: Localized;
  /** Whether this machine has what the action uses (ClamAV installed, ufw present, a desktop session…). */
  applies(report: Report): boolean;
  plan(ctx: PlanContext): Step[];
  /** A fresh reader per run: it may count (files scanned). */
  progress?(): ProgressReader;
  /** Say every this many milliseconds how long it has been running (for tools that are silent for long). */
  readonly elapsedEvery?: number;
  /**
   * Why the action is not offered although it would address an open check (ClamAV scan without signatures),
   * said to the person instead of leaving them to wonder; undefined when nothing holds it back.
   */
  withheld?(report: Report, options: { readonly clamavDatabase: string | undefined }): Localized | undefined;
  /** The steps' results in order; the runner stops at the first that did not succeed. */
  outcome(results: readonly StepResult[], ctx: PlanContext): Outcome;
  /** A state file the run leaves for the probes to read (its path and text), if any. */
  record?(results: readonly StepResult[], ctx: PlanContext, span: { readonly startedAt: string; readonly finishedAt: string }): { file: string; text: string } | undefined;
}

const MINUTE = 60_000;

/** An evidence fact of a probe that ran, by dotted path; undefined when the probe did not answer. */
export function fact(report: Report, probe: string, path: string): unknown {
  const outcome = report.probes.find((p) => p.probe === probe);
  if (outcome?.status !== 'ok') return undefined;
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), outcome.evidence);
}

const command = (file: string, args: readonly string[], timeoutMs: number, extra: Partial<Step> = {}): Step => ({
  file,
  args,
  timeoutMs,
  display: [file, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(' '),
  ...extra,
});

/** A PowerShell step shows its script, not the encoded command line that carries it. */
const powershell = (script: string, timeoutMs: number): Step => ({
  file: 'powershell.exe',
  args: powershellArgs(script),
  timeoutMs,
  display: `powershell.exe: ${script.trim()}`,
});

/** The last step's result, and the common failures every action reports the same way. */
function commonFailure(results: readonly StepResult[]): Outcome | undefined {
  const last = results.at(-1);
  if (!last) return undefined;
  if (last.error === 'not-found') return { status: 'failed', message: fill(F.notFound, { file: last.step.file }) };
  if (last.error === 'timed-out') return { status: 'failed', message: F.timedOut };
  if (last.error) return { status: 'failed', message: fill(F.couldNotRun, { message: last.message ?? '' }) };
  return undefined;
}

function exitFailure(results: readonly StepResult[]): Outcome | undefined {
  const last = results.at(-1)!;
  if (last.result && last.result.exitCode !== 0 && !last.step.anyExitCode) {
    // Windows fixes run through powershell.exe, whose errors arrive as CLIXML: its message is what a person
    // needs (position and category lines follow it). Other tools say what went wrong last.
    const tail = last.result.stderr.includes('#< CLIXML')
      ? [powershellErrorMessage(last.result.stderr)]
      : `${last.result.stderr}${last.result.stdout}`.trim().split('\n').slice(-3);
    return { status: 'failed', message: fill(F.exitCodeWas, { code: String(last.result.exitCode) }), details: tail };
  }
  return undefined;
}

const simpleOutcome = (success: Localized) => (results: readonly StepResult[]): Outcome =>
  commonFailure(results) ?? exitFailure(results) ?? { status: 'done', message: success };

// ------------------------------------------------------------------ ClamAV

/**
 * freshclam's own words (ClamAV 1.4: "daily.cld updated (version: 27452, …)", "daily.cvd database is
 * up-to-date (version: …)"); a failed download names the server ("… from server: https://database.clamav.net").
 */
export function freshclamOutcome(stdout: string, stderr: string, exitCode: number): Outcome {
  const text = `${stdout}\n${stderr}`;
  if (/Failed to lock the log file|Problem with internal logger/.test(text)) return { status: 'failed', message: F.clamavLocked };
  const updated = [...text.matchAll(/^(?:.*-> )?(\S+\.c[lv]d) updated \(version: (\d+)/gm)].map((m) => `${m[1]} ${m[2]}`);
  if (exitCode === 0 && updated.length) return { status: 'done', message: fill(F.clamavUpdated, { databases: updated.join(', ') }) };
  if (exitCode === 0) return { status: 'done', message: F.clamavUpToDate };
  const network =
    exitCode === 52 ||
    /Couldn't resolve host|Could not connect|Can't connect to port|Connection refused|Download failed|Timeout was reached|Couldn't connect to server/i.test(text);
  if (network) {
    const host = /of host ([^\s:()]+)/.exec(text)?.[1] ?? /https?:\/\/([^/\s:]+)/.exec(text)?.[1] ?? 'database.clamav.net';
    return { status: 'failed', message: fill(F.clamavNoConnection, { host }) };
  }
  const errors = text.split('\n').filter((l) => /^ERROR:/.test(l)).slice(-3);
  return { status: 'failed', message: fill(F.exitCodeWas, { code: String(exitCode) }), details: errors };
}

/** clamscan prints one line per file: "<path>: OK", "<path>: <signature> FOUND", "<path>: Empty file", … */
const SCANNED_LINE = /^(.+): (OK|(.+) FOUND|Empty file|Symbolic link|Excluded)$/;

export function clamscanProgress(every = 100): ProgressReader {
  let count = 0;
  return (line) => {
    const m = SCANNED_LINE.exec(line);
    if (!m) return undefined;
    count += 1;
    if (m[3]) return fill(F.scanFound, { line });
    // Every file at first (a small folder shows its whole count), then every `every` files.
    return count <= 10 || count % every === 0 ? fill(F.scanProgress, { count: String(count) }) : undefined;
  };
}

/** clamscan's summary ("Scanned files: 2", "Infected files: 1") and the FOUND lines; exit 0 clean, 1 found, 2 error. */
export function clamscanOutcome(stdout: string, stderr: string, exitCode: number): Outcome {
  const scanned = /^Scanned files: (\d+)$/m.exec(stdout)?.[1] ?? String(stdout.split('\n').filter((l) => SCANNED_LINE.test(l)).length);
  const found = stdout.split('\n').filter((l) => / FOUND$/.test(l));
  if (exitCode === 0) return { status: 'done', message: { ja: `${fill(F.scanClean, { count: scanned }).ja}${F.scanNoRecord.ja}`, en: `${fill(F.scanClean, { count: scanned }).en} ${F.scanNoRecord.en}` } };
  if (exitCode === 1) {
    const head = fill(F.scanInfected, { count: scanned, infected: String(found.length) });
    return { status: 'done', message: head, details: found, advice: F.scanInfectedAdvice };
  }
  const errors = `${stderr}\n${stdout}`.split('\n').filter((l) => /ERROR|WARNING/.test(l)).slice(-3);
  return { status: 'failed', message: fill(F.exitCodeWas, { code: String(exitCode) }), details: errors };
}

const clamavInstalled = (r: Report) => fact(r, 'antivirus', 'clamav.installed') === true;

/**
 * freshclam's lines worth showing while it runs (ClamAV 1.x): which database it fetches, the download bars it
 * prints without a terminal, the test and the result; its banners and blank lines are left out.
 */
export function freshclamProgress(): ProgressReader {
  return (line) => {
    const text = line.trim();
    if (!/available for (?:download|update)|Downloading|^Time: |Testing database|Database test passed|updated \(version|up-to-date|^(?:ERROR|WARNING):|Trying again/.test(text)) return undefined;
    return fill(F.freshclamSays, { line: text });
  };
}

// ------------------------------------------------------------------ Windows Defender

/** Update-MpSignature, then the new signature date from Get-MpComputerStatus (locale-free: ISO 8601). */
export const DEFENDER_UPDATE_SCRIPT = `
Update-MpSignature
$s = Get-MpComputerStatus
@{ signaturesUpdatedAt = $s.AntivirusSignatureLastUpdated.ToUniversalTime().ToString('o') }
`;

/**
 * Start-MpScan reports no percentage; the scan runs as a job and the script prints the elapsed minutes
 * straight to stdout (not through the pipeline, which ConvertTo-Json collects), then the result.
 */
export const DEFENDER_FULL_SCAN_SCRIPT = `
$start = Get-Date
$job = Start-MpScan -ScanType FullScan -AsJob
while ($job.State -eq 'NotStarted' -or $job.State -eq 'Running') {
  Start-Sleep -Seconds 60
  [Console]::Out.WriteLine('progress ' + [int]((Get-Date) - $start).TotalMinutes)
}
Receive-Job $job -ErrorAction Stop | Out-Null
$s = Get-MpComputerStatus
@{ fullScanEndAt = if ($s.FullScanEndTime) { $s.FullScanEndTime.ToUniversalTime().ToString('o') } else { $null }; activeThreats = @(Get-MpThreat | Where-Object { $_.IsActive }).Count }
`;

/** The JSON document a PowerShell step printed last (progress lines come before it). */
function lastJson(stdout: string): Record<string, unknown> | undefined {
  const line = stdout.replace(/^\uFEFF/, '').trim().split('\n').at(-1)?.trim();
  try {
    return line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const defenderPresent = (r: Report) => fact(r, 'antivirus', 'windows.defender') != null;

// ------------------------------------------------------------------ the catalogue

const OS_UPDATE_CHECKS = ['os-updates.no-pending-security', 'os-updates.no-pending', 'os-updates.recently-updated'];
const desktop = (r: Report) => r.scan.consoleUser?.graphical === true;
/** A check that did not pass: what a fix is for. */
const isOpen = (c: Report['checks'][number]) => c.status === 'fail' || c.status === 'unknown' || c.status === 'error';

/**
 * From macOS 15 XProtect's data arrives through XProtect's own updater (into /private/var/protected/xprotect,
 * `xprotect update`), not through Software Update: opening that pane does not update it.
 */
const XPROTECT_OWN_UPDATER_SINCE = 15;
const macosMajor = (r: Report) => Number(/^(\d+)/.exec(r.device.os.version)?.[1] ?? NaN);
const xprotectOwnUpdater = (r: Report) => macosMajor(r) >= XPROTECT_OWN_UPDATER_SINCE;

export const ACTIONS: readonly FixAction[] = [
  {
    id: 'clamav-update',
    addresses: ['antivirus.clamav-signatures-current'],
    platform: 'linux',
    needsAdmin: true,
    title: { ja: 'ClamAV のウイルス定義ファイルを更新する', en: "Update ClamAV's virus signatures" },
    description: { ja: 'freshclam で最新のウイルス定義ファイルをダウンロードします（数分かかることがあります）。', en: 'Downloads the latest signatures with freshclam (can take a few minutes).' },
    applies: clamavInstalled,
    plan: () => [command('freshclam', [], 15 * MINUTE)],
    progress: freshclamProgress,
    elapsedEvery: 10_000,
    outcome: (results) => {
      const last = results.at(-1)!;
      return commonFailure(results) ?? freshclamOutcome(last.result!.stdout, last.result!.stderr, last.result!.exitCode);
    },
  },
  {
    id: 'clamav-scan',
    addresses: ['antivirus.full-scan-recent'],
    platform: 'linux',
    needsAdmin: false,
    title: { ja: 'ClamAV でウイルススキャンを実行する', en: 'Scan for viruses with ClamAV' },
    description: {
      ja: '選んだフォルダー（既定: 管理者ならディスク全体 /、それ以外はホームフォルダー）の全ファイルを clamscan で検査します。ファイルは削除しません。管理者によるディスク全体の検査は記録され、次の点検で「最近のフルスキャン」として確認されます。',
      en: 'Scans every file in the chosen folders (default: the whole disk / as root, else the home folder) with clamscan. Nothing is deleted. A whole-disk scan as root is recorded, and the next scan counts it as the last full scan.',
    },
    applies: clamavInstalled,
    // clamscan refuses to start without a signature database: offering it then would only fail.
    withheld: (r, { clamavDatabase }) => (clamavDatabase === undefined && clamavInstalled(r) && (fact(r, 'antivirus', 'clamav.databaseFiles') as unknown[] | null)?.length === 0 ? F.scanNoSignatures : undefined),
    plan: (ctx) => [
      command(
        'clamscan',
        [
          '--recursive',
          '--stdout',
          ...(ctx.clamavDatabase ? [`--database=${ctx.clamavDatabase}`] : []),
          // The kernel's pseudo filesystems hold no files to infect, and reading some of them never ends.
          ...(ctx.folders.includes('/') ? ['--exclude-dir=^/(proc|sys|dev|run)(/|$)'] : []),
          '--',
          ...ctx.folders,
        ],
        24 * 60 * MINUTE,
      ),
    ],
    record: (results, ctx, span) => {
      const last = results.at(-1)?.result;
      if (!ctx.scanRecordFile || !last) return undefined;
      const record: ClamscanRecord = { tenkenClamscanRecord: 1, ...span, folders: [...ctx.folders], exitCode: last.exitCode, ...clamscanCounts(last.stdout) };
      return { file: ctx.scanRecordFile, text: `${JSON.stringify(ClamscanRecord.parse(record), null, 2)}\n` };
    },
    progress: () => clamscanProgress(),
    outcome: (results) => {
      const last = results.at(-1)!;
      return commonFailure(results) ?? clamscanOutcome(last.result!.stdout, last.result!.stderr, last.result!.exitCode);
    },
  },
  {
    id: 'defender-update',
    addresses: ['antivirus.signatures-current'],
    platform: 'win32',
    needsAdmin: true,
    title: { ja: 'Microsoft Defender のウイルス定義ファイルを更新する', en: "Update Microsoft Defender's signatures" },
    description: { ja: 'Update-MpSignature で最新のウイルス定義ファイルを取得します。', en: 'Fetches the latest signatures with Update-MpSignature.' },
    applies: defenderPresent,
    plan: () => [powershell(DEFENDER_UPDATE_SCRIPT, 15 * MINUTE)],
    outcome: (results) => {
      const failure = commonFailure(results) ?? exitFailure(results);
      if (failure) return failure;
      const at = lastJson(results.at(-1)!.result!.stdout)?.signaturesUpdatedAt;
      return { status: 'done', message: fill(F.defenderUpdated, { date: typeof at === 'string' ? formatLocalTime(at) : '?' }) };
    },
  },
  {
    id: 'defender-full-scan',
    addresses: ['antivirus.full-scan-recent'],
    platform: 'win32',
    needsAdmin: true,
    title: { ja: 'Microsoft Defender でフルスキャンを実行する', en: 'Run a Microsoft Defender full scan' },
    description: { ja: 'Start-MpScan -ScanType FullScan。1 時間以上かかることがあります。経過時間を表示します。', en: 'Start-MpScan -ScanType FullScan. It can take an hour or more; the elapsed time is shown.' },
    applies: defenderPresent,
    plan: () => [powershell(DEFENDER_FULL_SCAN_SCRIPT, 12 * 60 * MINUTE)],
    progress: () => (line) => {
      const m = /^progress (\d+)$/.exec(line.trim());
      return m ? fill(F.scanElapsed, { minutes: m[1]! }) : undefined;
    },
    outcome: (results) => {
      const failure = commonFailure(results) ?? exitFailure(results);
      if (failure) return failure;
      const threats = lastJson(results.at(-1)!.result!.stdout)?.activeThreats;
      return { status: 'done', message: fill(F.defenderScanDone, { threats: String(threats ?? '?') }) };
    },
  },
  {
    id: 'windows-update-open',
    addresses: OS_UPDATE_CHECKS,
    platform: 'win32',
    needsAdmin: false,
    title: { ja: 'Windows Update の画面を開く', en: 'Open Windows Update' },
    description: { ja: '「設定」→「Windows Update」を開きます。更新のインストールは画面で行ってください。', en: 'Opens Settings > Windows Update, where you install the updates.' },
    applies: () => true,
    // explorer.exe exits 1 even when it opened the page.
    plan: () => [command('explorer.exe', ['ms-settings:windowsupdate'], MINUTE, { anyExitCode: true })],
    outcome: simpleOutcome(F.opened),
  },
  {
    id: 'macos-software-update-open',
    addresses: [...OS_UPDATE_CHECKS, 'antivirus.xprotect-current'],
    platform: 'darwin',
    needsAdmin: false,
    title: { ja: '「ソフトウェアアップデート」を開く', en: 'Open Software Update' },
    description: { ja: '「システム設定」→「一般」→「ソフトウェアアップデート」を開きます（macOS 13〜15）。', en: 'Opens System Settings > General > Software Update (macOS 13–15).' },
    // For XProtect only before macOS 15; from 15 on macos-xprotect-update is its fix.
    applies: (r) => !xprotectOwnUpdater(r) || r.checks.some((c) => OS_UPDATE_CHECKS.includes(c.id) && isOpen(c)),
    // System Settings pane id since macOS 13 Ventura (the pane list of rmcdongit's "macOS Ventura System
    // Settings panes" gist; unchanged in the macOS 26 pane list of the same kind).
    plan: () => [command('open', ['x-apple.systempreferences:com.apple.Software-Update-Settings.extension'], MINUTE, { asConsoleUser: true })],
    outcome: simpleOutcome(F.opened),
  },
  {
    id: 'macos-xprotect-update',
    addresses: ['antivirus.xprotect-current'],
    platform: 'darwin',
    needsAdmin: true,
    title: { ja: 'XProtect を今すぐ更新する', en: 'Update XProtect now' },
    description: {
      ja: 'macOS 15 以降の XProtect は「ソフトウェアアップデート」とは別に、XProtect 自身の仕組みで更新されます。その更新（xprotect update）を今すぐ実行します。',
      en: "From macOS 15 XProtect updates outside Software Update, through its own updater; this runs it now (xprotect update).",
    },
    applies: xprotectOwnUpdater,
    plan: () => [command('xprotect', ['update'], 10 * MINUTE)],
    outcome: simpleOutcome(F.xprotectUpdated),
  },
  {
    id: 'gnome-software-updates',
    addresses: OS_UPDATE_CHECKS,
    platform: 'linux',
    needsAdmin: false,
    title: { ja: '「ソフトウェア」の更新画面を開く', en: 'Open the updates in Software' },
    description: {
      ja: 'デスクトップの「ソフトウェア」（gnome-software）の更新画面を開きます。閉じるまで tenken は待ちます。',
      en: 'Opens the Updates page of Software (gnome-software) on the desktop; tenken waits until you close it.',
    },
    applies: desktop,
    plan: () => [command('gnome-software', ['--mode', 'updates'], 4 * 60 * MINUTE, { asConsoleUser: true })],
    outcome: simpleOutcome(F.opened),
  },
  {
    id: 'apt-upgrade',
    addresses: OS_UPDATE_CHECKS,
    platform: 'linux',
    needsAdmin: true,
    title: { ja: 'apt で更新をインストールする', en: 'Install updates with apt' },
    description: { ja: 'パッケージ一覧を更新し、すべての更新をインストールします（apt-get update と apt-get -y upgrade）。', en: 'Refreshes the package lists and installs every update (apt-get update, apt-get -y upgrade).' },
    applies: (r) => !desktop(r) && fact(r, 'os-updates', 'packageManager') === 'apt',
    plan: () => [command('apt-get', ['update'], 15 * MINUTE), command('apt-get', ['-y', 'upgrade'], 2 * 60 * MINUTE)],
    progress: () => (line) => (line.trim() ? { ja: line, en: line } : undefined),
    outcome: simpleOutcome(F.upgraded),
  },
  {
    id: 'dnf-upgrade',
    addresses: OS_UPDATE_CHECKS,
    platform: 'linux',
    needsAdmin: true,
    title: { ja: 'dnf で更新をインストールする', en: 'Install updates with dnf' },
    description: { ja: 'すべての更新をインストールします（dnf -y upgrade）。', en: 'Installs every update (dnf -y upgrade).' },
    applies: (r) => !desktop(r) && fact(r, 'os-updates', 'packageManager') === 'dnf',
    plan: () => [command('dnf', ['-y', 'upgrade'], 2 * 60 * MINUTE)],
    progress: () => (line) => (line.trim() ? { ja: line, en: line } : undefined),
    outcome: simpleOutcome(F.upgraded),
  },
  {
    id: 'ufw-enable',
    addresses: ['firewall.enabled'],
    platform: 'linux',
    needsAdmin: true,
    title: { ja: 'ファイアウォール（ufw）を有効にする', en: 'Turn on the firewall (ufw)' },
    description: {
      ja: '外部からの接続を既定で拒否し、ufw を有効にします（起動時にも有効）。',
      en: 'Refuses inbound connections by default and turns ufw on (also at startup).',
    },
    applies: (r) => fact(r, 'firewall', 'ufw') != null,
    // --force: ufw otherwise asks its own question on the terminal; the person has just said yes to this one.
    plan: () => [command('ufw', ['default', 'deny', 'incoming'], MINUTE), command('ufw', ['--force', 'enable'], MINUTE)],
    outcome: simpleOutcome(F.firewallOn),
  },
  {
    id: 'firewalld-enable',
    addresses: ['firewall.enabled'],
    platform: 'linux',
    needsAdmin: true,
    title: { ja: 'ファイアウォール（firewalld）を有効にする', en: 'Turn on the firewall (firewalld)' },
    description: { ja: 'firewalld を起動し、起動時にも有効にします。', en: 'Starts firewalld and enables it at startup.' },
    applies: (r) => fact(r, 'firewall', 'firewalld') != null && fact(r, 'firewall', 'ufw') == null,
    plan: () => [command('systemctl', ['enable', '--now', 'firewalld'], 2 * MINUTE)],
    outcome: simpleOutcome(F.firewallOn),
  },
  {
    id: 'windows-firewall-enable',
    addresses: ['firewall.enabled'],
    platform: 'win32',
    needsAdmin: true,
    title: { ja: 'Windows ファイアウォールを有効にする', en: 'Turn on Windows Firewall' },
    description: { ja: 'ドメイン・プライベート・パブリックのすべてのプロファイルを有効にします。', en: 'Turns on the Domain, Private and Public profiles.' },
    applies: () => true,
    plan: () => [powershell('Set-NetFirewallProfile -All -Enabled True', 2 * MINUTE)],
    outcome: simpleOutcome(F.firewallOn),
  },
  {
    id: 'macos-firewall-enable',
    addresses: ['firewall.enabled'],
    platform: 'darwin',
    needsAdmin: true,
    title: { ja: 'ファイアウォールを有効にする', en: 'Turn on the firewall' },
    description: { ja: 'macOS のアプリケーションファイアウォールを入にします。', en: "Turns on macOS's application firewall." },
    // Where an MDM profile sets the firewall, socketfilterfw refuses to change it; the MDM is the place to fix it.
    applies: (r) => fact(r, 'firewall', 'macos.settingsFrom') !== 'managed-profile',
    plan: () => [command('/usr/libexec/ApplicationFirewall/socketfilterfw', ['--setglobalstate', 'on'], MINUTE)],
    outcome: simpleOutcome(F.firewallOn),
  },
];

/** What needs doing: a check this action addresses is in the profile and did not pass. */
function neededActions(report: Report, host: Pick<Host, 'platform'>, actions: readonly FixAction[] = ACTIONS): FixAction[] {
  const open = new Set(report.checks.filter(isOpen).map((c) => c.id));
  return actions.filter((a) => a.platform === host.platform && a.addresses.some((id) => open.has(id)) && a.applies(report));
}

/** The needed actions split into those offered and those held back, each with the reason it is held back. */
export function offeredActions(
  report: Report,
  host: Pick<Host, 'platform'>,
  options: { readonly clamavDatabase: string | undefined } = { clamavDatabase: undefined },
  actions: readonly FixAction[] = ACTIONS,
): { offered: FixAction[]; withheld: { action: FixAction; why: Localized }[] } {
  const offered: FixAction[] = [];
  const withheld: { action: FixAction; why: Localized }[] = [];
  for (const action of neededActions(report, host, actions)) {
    const why = action.withheld?.(report, options);
    if (why) withheld.push({ action, why });
    else offered.push(action);
  }
  return { offered, withheld };
}
