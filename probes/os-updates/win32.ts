/**
 * The Windows collector of os-updates. Two PowerShell processes run at once: the fast one reads the registry
 * (version, policy, services, pause, reboot keys) and the update history; the second asks the Windows Update
 * Agent for pending updates from its own cached scan (Online = false: no network, seconds) under its own bound,
 * because even the offline search can stall on a busy servicing stack. Both work as a standard user.
 */
import type { z } from 'zod';
import { runPowerShell } from '../../src/powershell.ts';
import { because, reasons, type ProbeContext } from '../../src/probe.ts';
import type { OsUpdatesEvidence } from './os-updates.ts';
import {
  automaticUpdatesWin32,
  lastQualityInstall,
  pendingFromSearch,
  WindowsSearchAnswer,
  WindowsStateAnswer,
  windowsSupport,
  type Why,
} from './parse-win32.ts';

type Evidence = z.input<typeof OsUpdatesEvidence>;

/**
 * Registry, services, pause, reboot keys and history. Each source is wrapped on its own so that one failure
 * (a key denied, the update COM server missing on a stripped image) costs only its own facts. A key that does not
 * exist answers { missing = $true }: for the AU policy key that is a fact (no policy = OS default).
 * IUpdateHistoryEntry.Date comes through COM as a DateTime of unspecified kind holding UTC (WUA documents the
 * history in UTC; osquery windows_update_history reads it so): SpecifyKind keeps it, ToUniversalTime would shift
 * it by the local offset.
 */
export const WINDOWS_OS_UPDATES_SCRIPT = String.raw`
function Read-Key($path, $names) {
  try {
    $p = Get-ItemProperty -LiteralPath $path -ErrorAction Stop
    $o = [ordered]@{}
    foreach ($n in $names) { $o[$n] = $p.$n }
    [pscustomobject]$o
  } catch [System.Management.Automation.ItemNotFoundException] { [pscustomobject]@{ missing = $true } } catch { [pscustomobject]@{ error = $_.Exception.Message } }
}
$os = Read-Key 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' @('ProductName', 'EditionID', 'DisplayVersion', 'ReleaseId', 'CurrentBuild', 'UBR', 'InstallationType')
$au = Read-Key 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU' @('NoAutoUpdate', 'AUOptions', 'UseWUServer')
$ux = Read-Key 'HKLM:\SOFTWARE\Microsoft\WindowsUpdate\UX\Settings' @('PauseUpdatesExpiryTime')
$wuauserv = Read-Key 'HKLM:\SYSTEM\CurrentControlSet\Services\wuauserv' @('Start')
$usosvc = Read-Key 'HKLM:\SYSTEM\CurrentControlSet\Services\UsoSvc' @('Start')
$reboot = try {
  [pscustomobject]@{
    rebootRequired = Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired'
    rebootPending = Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending'
  }
} catch { [pscustomobject]@{ error = $_.Exception.Message } }
$history = try {
  $s = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher()
  $n = $s.GetTotalHistoryCount()
  $done = @(if ($n -gt 0) {
    $s.QueryHistory(0, $n) | Where-Object { $_.Operation -eq 1 -and ($_.ResultCode -eq 2 -or $_.ResultCode -eq 3) } | ForEach-Object {
      [pscustomobject]@{ date = [DateTime]::SpecifyKind($_.Date, 'Utc').ToString('o'); title = $_.Title; categories = @($_.Categories | ForEach-Object { $_.CategoryID }) }
    }
  })
  [pscustomobject]@{ total = $n; installed = $done }
} catch { [pscustomobject]@{ error = $_.Exception.Message } }
[pscustomobject]@{ os = $os; au = $au; ux = $ux; wuauserv = $wuauserv; usosvc = $usosvc; reboot = $reboot; history = $history }`;

/**
 * Pending updates from the Windows Update Agent's cached scan (Online = false reuses what Windows' own last
 * search downloaded; it never goes to the network), with the time of that search. Titles are localized, so only
 * KB numbers, MSRC severity (an English enum value or empty) and category GUIDs are used.
 */
export const WINDOWS_UPDATE_SEARCH_SCRIPT = String.raw`
$last = try {
  $d = (New-Object -ComObject Microsoft.Update.AutoUpdate).Results.LastSearchSuccessDate
  [pscustomobject]@{ lastSearchSuccessDate = if ($d) { [DateTime]::SpecifyKind($d, 'Utc').ToString('o') } else { $null } }
} catch { [pscustomobject]@{ error = $_.Exception.Message } }
$search = try {
  $s = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher()
  $s.Online = $false
  $r = $s.Search("IsInstalled=0 and IsHidden=0 and Type='Software'")
  [pscustomobject]@{
    resultCode = [int]$r.ResultCode
    updates = @($r.Updates | ForEach-Object { [pscustomobject]@{ kb = @($_.KBArticleIDs); msrcSeverity = $_.MsrcSeverity; categories = @($_.Categories | ForEach-Object { $_.CategoryID }) } })
  }
} catch { [pscustomobject]@{ error = $_.Exception.Message } }
[pscustomobject]@{ autoUpdate = $last; search = $search }`;

/** The offline search reads a local cache; a minute is generous, and the probe's budget still bounds it. */
export const WINDOWS_SEARCH_TIMEOUT_MS = 60_000;

export async function collectWin32(ctx: ProbeContext): Promise<Evidence> {
  const why: Why = reasons();
  const [stateAnswer, searchAnswer] = await Promise.all([
    runPowerShell(ctx, WINDOWS_OS_UPDATES_SCRIPT),
    runPowerShell(ctx, WINDOWS_UPDATE_SEARCH_SCRIPT, { timeoutMs: WINDOWS_SEARCH_TIMEOUT_MS }),
  ]);

  const parsedState = stateAnswer.ok ? WindowsStateAnswer.safeParse(stateAnswer.value) : undefined;
  const state = parsedState?.success ? parsedState.data : undefined;
  const stateFailure = !stateAnswer.ok ? stateAnswer.reason : because('command.unexpected-output', { command: 'PowerShell' });

  const { distribution, support, windows } = windowsSupport(state?.os, state ? undefined : stateFailure, ctx.now(), why);

  const parsedSearch = searchAnswer.ok ? WindowsSearchAnswer.safeParse(searchAnswer.value) : undefined;
  const pendingUpdates = pendingFromSearch(
    parsedSearch?.success ? parsedSearch.data : undefined,
    !searchAnswer.ok
      ? // The timeout message quotes the whole encoded command line; the reason needs only what happened.
        searchAnswer.reason.code === 'command.timed-out'
        ? because('wua.search-timed-out', { seconds: WINDOWS_SEARCH_TIMEOUT_MS / 1000 })
        : searchAnswer.reason
      : because('command.unexpected-output', { command: 'PowerShell' }),
    why,
  );

  const lastUpdateAt = state ? lastQualityInstall(state.history, why) : why.set('lastUpdateAt', stateFailure);
  const auto = automaticUpdatesWin32(state, stateFailure, ctx.now(), why);

  let rebootRequired: boolean | null;
  if (!state) rebootRequired = why.set('rebootRequired', stateFailure);
  else if ('error' in state.reboot) rebootRequired = why.set('rebootRequired', because('registry.unreadable', { key: 'RebootRequired / RebootPending' }, state.reboot.error));
  else rebootRequired = state.reboot.rebootRequired || state.reboot.rebootPending;

  return {
    distribution,
    support,
    packageManager: 'windows-update',
    pendingUpdates,
    lastUpdateAt,
    automaticUpdates: auto.automaticUpdates,
    rebootRequired,
    windows: { ...windows, pausedUntil: auto.pausedUntil, services: auto.services, wsus: auto.wsus },
    unknown: why.map,
  };
}
