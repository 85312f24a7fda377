/**
 * Windows collector of the backup probe: one PowerShell run reads, for the console user (HKEY_USERS\<sid> and
 * their profile folder; HKCU and %LOCALAPPDATA% would be SYSTEM's own when tenken runs as a service):
 * - File History: Config1.xml under AppData\Local\Microsoft\Windows\FileHistory\Configuration (DPStatus, the
 *   target), and ProtectedUpToTime in Software\Microsoft\Windows\CurrentVersion\FileHistory — the FILETIME up to
 *   which the user's files are backed up, as RegRipper's filehistory plugin and plaso's File History parser read it;
 * - OneDrive folder backup (Known Folder Move, which the Windows Backup app of Windows 11 also turns on):
 *   KfmFoldersProtectedNow of each account under Software\Microsoft\OneDrive\Accounts.
 * Nothing localized is read; `wbadmin` (Windows Server Backup / Windows 7 backup) needs admin and prints localized
 * text, so system-image backups are not read.
 */
import { z } from 'zod';
import { Failed, runPowerShell } from '../../src/powershell.ts';
import { scriptForUser } from '../../src/windows-registry.ts';
import { because, reasons, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { BackupEvidence, BackupTool, BackupToolFacts } from './backup.ts';
import { fileTimeToIso, foundTools, kfmFolders, parseFileHistoryConfig, summarise } from './parse.ts';

type Evidence = z.input<typeof BackupEvidence>;

const LOOKED: readonly BackupTool[] = ['file-history', 'onedrive-folder-backup'];

/** The script; `__SID__` is replaced by the console user's SID (validated first). Each source fails on its own. */
export const WINDOWS_BACKUP_SCRIPT = String.raw`
$sid = '__SID__'
function Failed($e) { [pscustomobject]@{ error = $e.Exception.Message } }
$r = [ordered]@{}
try {
  $userProfile = (Get-ItemProperty -LiteralPath "HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\$sid" -ErrorAction Stop).ProfileImagePath
  $config = Join-Path $userProfile 'AppData\Local\Microsoft\Windows\FileHistory\Configuration\Config1.xml'
  $r.fileHistoryConfig = if (Test-Path -LiteralPath $config) { [pscustomobject]@{ text = [IO.File]::ReadAllText($config) } } else { [pscustomobject]@{ text = $null } }
} catch { $r.fileHistoryConfig = Failed $_ }
try {
  $key = "Registry::HKEY_USERS\$sid\Software\Microsoft\Windows\CurrentVersion\FileHistory"
  $v = if (Test-Path -LiteralPath $key) { (Get-ItemProperty -LiteralPath $key).ProtectedUpToTime } else { $null }
  $r.protectedUpToTime = [pscustomobject]@{ value = $(if ($null -eq $v) { $null } else { [int64]$v }) }
} catch { $r.protectedUpToTime = Failed $_ }
try {
  $key = "Registry::HKEY_USERS\$sid\Software\Microsoft\OneDrive\Accounts"
  $accounts = @(if (Test-Path -LiteralPath $key) {
    Get-ChildItem -LiteralPath $key | ForEach-Object {
      $kfm = (Get-ItemProperty -LiteralPath $_.PSPath).KfmFoldersProtectedNow
      [pscustomobject]@{ account = $_.PSChildName; kfm = $(if ($null -eq $kfm) { $null } else { [int64]$kfm }) }
    }
  })
  $r.oneDrive = [pscustomobject]@{ accounts = $accounts }
} catch { $r.oneDrive = Failed $_ }
[pscustomobject]$r`.trim();

export const windowsBackupScript = (sid: string): string => scriptForUser(WINDOWS_BACKUP_SCRIPT, sid);

export const WindowsBackupAnswer = z.object({
  fileHistoryConfig: z.union([Failed, z.object({ text: z.string().nullable() })]),
  protectedUpToTime: z.union([Failed, z.object({ value: z.number().nullable() })]),
  oneDrive: z.union([Failed, z.object({ accounts: z.array(z.object({ account: z.string(), kfm: z.number().nullable() })) })]),
});
export type WindowsBackupAnswer = z.infer<typeof WindowsBackupAnswer>;

const CONFIG = 'AppData\\Local\\Microsoft\\Windows\\FileHistory\\Configuration\\Config1.xml';
const FILE_HISTORY_KEY = 'HKEY_USERS\\<sid>\\Software\\Microsoft\\Windows\\CurrentVersion\\FileHistory';
const ONEDRIVE_KEY = 'HKEY_USERS\\<sid>\\Software\\Microsoft\\OneDrive\\Accounts';

/**
 * File History is set up when its Config1.xml exists. Turned off (DPStatus DISABLED) it still counts when it
 * once backed up: its last backup is then a fact about this PC, however old. Turned off and never run, it is
 * not a backup anyone has.
 */
function fileHistory(a: WindowsBackupAnswer, why: ReturnType<typeof reasons>): { facts: BackupToolFacts[]; problems: [BackupTool, Reason][] } {
  if ('error' in a.fileHistoryConfig) return { facts: [], problems: [['file-history', because('file.unreadable', { path: CONFIG }, a.fileHistoryConfig.error)]] };
  if (a.fileHistoryConfig.text === null) return { facts: [], problems: [] };
  const config = parseFileHistoryConfig(a.fileHistoryConfig.text);
  if (config === null) return { facts: [], problems: [['file-history', because('file.unexpected', { path: CONFIG })]] };
  if ('error' in a.protectedUpToTime) return { facts: [], problems: [['file-history', because('registry.unreadable', { key: FILE_HISTORY_KEY }, a.protectedUpToTime.error)]] };
  const lastBackupAt = a.protectedUpToTime.value === null ? null : fileTimeToIso(a.protectedUpToTime.value);
  if (config.enabled === false && lastBackupAt === null) return { facts: [], problems: [] };
  // A missing or zero ProtectedUpToTime is not proof that File History never ran: unknown, not "never".
  if (lastBackupAt === null) why.set('tools.file-history', because('backup.file-history-no-date'));
  return {
    facts: [{ tool: 'file-history', name: config.target, automatic: config.enabled, backedUp: lastBackupAt === null ? null : true, lastBackupAt }],
    problems: [],
  };
}

/** Each OneDrive account that backs up known folders: always on (it syncs as files change), with no date to read. */
function oneDrive(a: WindowsBackupAnswer): { facts: BackupToolFacts[]; problems: [BackupTool, Reason][] } {
  if ('error' in a.oneDrive) return { facts: [], problems: [['onedrive-folder-backup', because('registry.unreadable', { key: ONEDRIVE_KEY }, a.oneDrive.error)]] };
  const facts = a.oneDrive.accounts.flatMap((acct): BackupToolFacts[] => {
    const folders = kfmFolders(acct.kfm ?? 0);
    return folders.length === 0 ? [] : [{ tool: 'onedrive-folder-backup', name: `${acct.account} (${folders.join(', ')})`, automatic: true, backedUp: null, lastBackupAt: null }];
  });
  return { facts, problems: [] };
}

export async function collectWin32(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const lookup = await ctx.consoleUser();
  if (!lookup.found || lookup.user.sid === null) {
    const reason = lookup.found ? because('backup.no-console-user-windows') : lookup.reason;
    why.set('user', reason);
    return { user: null, ...summarise(because('backup.no-console-user-windows'), LOOKED, why), unknown: why.map };
  }
  ctx.identifying('user', lookup.user.name);
  const answer = await runPowerShell(ctx, windowsBackupScript(lookup.user.sid));
  const parsed = answer.ok ? WindowsBackupAnswer.safeParse(answer.value) : undefined;
  if (!parsed?.success) {
    const reason = !answer.ok ? answer.reason : because('command.unexpected-output', { command: 'PowerShell' });
    return { user: lookup.user.name, ...summarise(reason, LOOKED, why), unknown: why.map };
  }
  const fh = fileHistory(parsed.data, why);
  const od = oneDrive(parsed.data);
  const tools = foundTools([...fh.facts, ...od.facts], [...fh.problems, ...od.problems], why);
  return { user: lookup.user.name, ...summarise(tools, LOOKED, why), unknown: why.map };
}
