/**
 * Windows collector of the p2p-software probe: one PowerShell run, no localized text. DisplayName of every
 * uninstall entry (HKLM, HKLM\SOFTWARE\WOW6432Node and each loaded user hive HKEY_USERS\<SID>, where per-user
 * installers such as µTorrent's register) and the names of running processes (Get-Process ProcessName, without
 * .exe): Winny and Share are copied, not installed, so only a running process shows them. Names are matched
 * against known-p2p.json here, not in the script, so that the list stays data.
 */
import { z } from 'zod';
import { Failed, runPowerShell } from '../../src/powershell.ts';
import { LOADED_USER_SIDS } from '../../src/windows-registry.ts';
import { because, type ProbeContext, type Reason } from '../../src/probe.ts';
import { matchDisplayName, matchWindowsProcess } from './known.ts';
import type { P2pFinding } from './p2p-software.ts';
import { summarize } from './summary.ts';

export const P2P_WINDOWS_SCRIPT = String.raw`
$r = [ordered]@{}
try {
  $sids = ${LOADED_USER_SIDS}
  $roots = @('HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall', 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall') + @($sids | ForEach-Object { "Registry::HKEY_USERS\$_\Software\Microsoft\Windows\CurrentVersion\Uninstall" })
  # A foreach statement cannot be piped: its output is collected first (nothing at all is $null, which the filter drops).
  $names = foreach ($root in $roots) {
    foreach ($k in @(Get-ChildItem -LiteralPath $root -ErrorAction SilentlyContinue)) { $n = $k.GetValue('DisplayName'); if ($n) { [string]$n } }
  }
  $r.programs = @($names | Where-Object { $_ } | Sort-Object -Unique)
} catch { $r.programs = @{ error = $_.Exception.Message } }
try { $r.processes = @(Get-Process | ForEach-Object { $_.ProcessName } | Sort-Object -Unique) } catch { $r.processes = @{ error = $_.Exception.Message } }
$r
`.trim();

export const WindowsP2pAnswer = z.object({ programs: z.union([Failed, z.array(z.string())]), processes: z.union([Failed, z.array(z.string())]) });

export async function collectWin32(ctx: ProbeContext) {
  const answer = await runPowerShell(ctx, P2P_WINDOWS_SCRIPT);
  const parsed = answer.ok ? WindowsP2pAnswer.safeParse(answer.value) : undefined;
  if (!parsed?.success) return summarize([], [!answer.ok ? answer.reason : because('command.unexpected-output', { command: 'PowerShell' })]);
  const { programs, processes } = parsed.data;
  const findings: P2pFinding[] = [];
  const unread: Reason[] = [];
  if ('error' in programs) unread.push(because('registry.unreadable', { key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall' }, programs.error));
  else for (const name of programs) {
    const software = matchDisplayName(name);
    if (software) findings.push({ software, seenIn: 'uninstall-entry', as: name });
  }
  if ('error' in processes) unread.push(because('query.failed', { source: 'Get-Process' }, processes.error));
  else for (const name of processes) {
    const software = matchWindowsProcess(name);
    if (software) findings.push({ software, seenIn: 'process', as: name });
  }
  return summarize(findings, unread);
}
