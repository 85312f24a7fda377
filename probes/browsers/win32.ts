/**
 * Windows collector of the browsers probe: one PowerShell run, no localized text.
 * - Where each browser is: App Paths (HKLM, its 32-bit view, and every loaded user hive — Chrome and Firefox can
 *   install per user) name chrome.exe, msedge.exe and firefox.exe; the program file gives its ProductVersion and
 *   LastWriteTimeUtc (each update replaces it).
 * - Policies, machine-wide and per loaded user hive: Google Update and EdgeUpdate (UpdateDefault, Update{app},
 *   AutoUpdateCheckPeriodMinutes), Chrome's Safe Browsing, Edge's SmartScreen, Firefox's DisableAppUpdate and
 *   Safe Browsing preferences, Windows SmartScreen (EnableSmartScreen), and Firefox's distribution\policies.json.
 *   Only the named values are read, never a whole key.
 */
import { z } from 'zod';
import { runPowerShell } from '../../src/powershell.ts';
import { LOADED_USER_SIDS } from '../../src/windows-registry.ts';
import { because, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { Browser, BrowserName } from './browsers.ts';
import { CHROME_APP_GUID, chromeWarningsOff, EDGE_APP_GUID, edgeWarningsOff, firefoxPolicy, parsePoliciesJson, windowsSmartScreenOff, windowsUpdateBlocked, type PolicyValues } from './policies.ts';
import { summarize, type Found } from './summary.ts';

export const BROWSERS_WINDOWS_SCRIPT = String.raw`
function Read-Named($path, [string[]]$names) {
  $k = Get-Item -LiteralPath $path -ErrorAction SilentlyContinue
  if ($null -eq $k) { return $null }
  $o = [ordered]@{}
  foreach ($n in $names) { $v = $k.GetValue($n); if ($null -ne $v) { $o[$n] = $v } }
  $o
}
$r = [ordered]@{}
$sids = ${LOADED_USER_SIDS}
$hives = @('HKLM:\SOFTWARE', 'HKLM:\SOFTWARE\WOW6432Node') + @($sids | ForEach-Object { "Registry::HKEY_USERS\$_\Software" })
$exes = [ordered]@{ chrome = 'chrome.exe'; edge = 'msedge.exe'; firefox = 'firefox.exe' }
$r.browsers = @(foreach ($name in $exes.Keys) { foreach ($hive in $hives) {
  $k = Get-Item -LiteralPath "$hive\Microsoft\Windows\CurrentVersion\App Paths\$($exes[$name])" -ErrorAction SilentlyContinue
  $p = if ($k) { [string]$k.GetValue('') } else { '' }
  if ($p) {
    $p = $p.Trim('"')
    $f = Get-Item -LiteralPath $p -ErrorAction SilentlyContinue
    if ($f) {
      $json = $null
      if ($name -eq 'firefox') {
        $pj = Join-Path $f.DirectoryName 'distribution\policies.json'
        # An unreadable file is answered as empty text, which the probe reports as not understood.
        if (Test-Path -LiteralPath $pj) { try { $json = [IO.File]::ReadAllText($pj) } catch { $json = '' } }
      }
      [ordered]@{ name = $name; path = $p; version = [string]$f.VersionInfo.ProductVersion; writtenAt = $f.LastWriteTimeUtc.ToString('o'); policiesJson = $json }
    }
  }
} })
$update = @('UpdateDefault', 'Update${CHROME_APP_GUID}', 'Update${EDGE_APP_GUID}', 'AutoUpdateCheckPeriodMinutes')
$r.machine = [ordered]@{
  googleUpdate = Read-Named 'HKLM:\SOFTWARE\Policies\Google\Update' $update
  edgeUpdate = Read-Named 'HKLM:\SOFTWARE\Policies\Microsoft\EdgeUpdate' $update
  chrome = Read-Named 'HKLM:\SOFTWARE\Policies\Google\Chrome' @('SafeBrowsingProtectionLevel', 'SafeBrowsingEnabled')
  edge = Read-Named 'HKLM:\SOFTWARE\Policies\Microsoft\Edge' @('SmartScreenEnabled')
  firefox = Read-Named 'HKLM:\SOFTWARE\Policies\Mozilla\Firefox' @('DisableAppUpdate')
  firefoxPreferences = Read-Named 'HKLM:\SOFTWARE\Policies\Mozilla\Firefox\Preferences' @('browser.safebrowsing.malware.enabled', 'browser.safebrowsing.phishing.enabled')
  windows = Read-Named 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\System' @('EnableSmartScreen')
}
$r.users = @(foreach ($sid in $sids) { [ordered]@{
  chrome = Read-Named "Registry::HKEY_USERS\$sid\Software\Policies\Google\Chrome" @('SafeBrowsingProtectionLevel', 'SafeBrowsingEnabled')
  edge = Read-Named "Registry::HKEY_USERS\$sid\Software\Policies\Microsoft\Edge" @('SmartScreenEnabled')
} })
$r
`.trim();

const Values = z.record(z.string(), z.unknown()).nullable();
export const WindowsBrowsersAnswer = z.object({
  browsers: z.array(z.object({ name: z.enum(['chrome', 'edge', 'firefox']), path: z.string(), version: z.string(), writtenAt: z.string(), policiesJson: z.string().nullable() })),
  machine: z.object({ googleUpdate: Values, edgeUpdate: Values, chrome: Values, edge: Values, firefox: Values, firefoxPreferences: Values, windows: Values }),
  users: z.array(z.object({ chrome: Values, edge: Values })),
});
export type WindowsBrowsersAnswer = z.infer<typeof WindowsBrowsersAnswer>;

const values = (v: Record<string, unknown> | null): PolicyValues => v ?? undefined;

/** The evidence from the script's answer (pure; tested with the fixtures' answers). */
export function browsersFromWindows(a: WindowsBrowsersAnswer): Found[] {
  const m = a.machine;
  const anyUser = (pick: (u: WindowsBrowsersAnswer['users'][number]) => boolean) => a.users.some(pick);
  return a.browsers.map((b): Found => {
    const written = new Date(b.writtenAt);
    const filesWrittenAt = Number.isNaN(written.getTime()) ? null : written.toISOString();
    const base = { name: b.name as BrowserName, path: b.path, version: b.version.trim() || null, filesWrittenAt, updatedBy: 'itself' as const };
    const why: { version?: Reason; filesWrittenAt?: Reason; warningsOffByPolicy?: Reason } = {};
    if (base.version === null) why.version = because('value.missing', { source: b.path, name: 'ProductVersion' });
    if (filesWrittenAt === null) why.filesWrittenAt = because('value.unexpected', { source: b.path, name: 'LastWriteTimeUtc' });
    let browser: Browser;
    if (b.name === 'chrome') {
      browser = { ...base, updatesBlockedByPolicy: windowsUpdateBlocked(values(m.googleUpdate), CHROME_APP_GUID), warningsOffByPolicy: chromeWarningsOff(values(m.chrome)) || anyUser((u) => chromeWarningsOff(values(u.chrome))) };
    } else if (b.name === 'edge') {
      browser = { ...base, updatesBlockedByPolicy: windowsUpdateBlocked(values(m.edgeUpdate), EDGE_APP_GUID), warningsOffByPolicy: edgeWarningsOff(values(m.edge)) || anyUser((u) => edgeWarningsOff(values(u.edge))) };
    } else {
      const registry = firefoxPolicy(values(m.firefox), values(m.firefoxPreferences) ?? {});
      const json = b.policiesJson === null ? undefined : parsePoliciesJson(b.policiesJson);
      if (b.policiesJson !== null && json === undefined) {
        const reason = because('file.unexpected', { path: `${b.path.replace(/[^\\]+$/, '')}distribution\\policies.json` });
        browser = { ...base, updatesBlockedByPolicy: registry.updateBlocked || null, warningsOffByPolicy: registry.warningsOff || null };
        return { browser, why: { ...why, updatesBlockedByPolicy: reason, warningsOffByPolicy: reason } };
      }
      const file = firefoxPolicy(json);
      browser = { ...base, updatesBlockedByPolicy: registry.updateBlocked || file.updateBlocked, warningsOffByPolicy: registry.warningsOff || file.warningsOff };
    }
    return { browser, why };
  });
}

export async function collectWin32(ctx: ProbeContext) {
  const answer = await runPowerShell(ctx, BROWSERS_WINDOWS_SCRIPT);
  const parsed = answer.ok ? WindowsBrowsersAnswer.safeParse(answer.value) : undefined;
  if (!parsed?.success) {
    const reason = !answer.ok ? answer.reason : because('command.unexpected-output', { command: 'PowerShell' });
    const facts = ['browsers', 'installed', 'selfUpdating', 'updatesBlockedByPolicy', 'warningsOffByPolicy', 'oldestFilesWrittenAt'] as const;
    return { ...(Object.fromEntries(facts.map((f) => [f, null])) as Record<(typeof facts)[number], null>), unknown: Object.fromEntries(facts.map((f) => [f, reason])) };
  }
  return summarize(browsersFromWindows(parsed.data), { 'windows-smartscreen': windowsSmartScreenOff(values(parsed.data.machine.windows)) });
}
