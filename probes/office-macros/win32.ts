/**
 * Windows collector of the office-macros probe: one PowerShell run reads, machine-wide, which Office apps are
 * installed and, for the console user's hive HKEY_USERS\<sid> (HKCU would be SYSTEM's own when tenken runs as a
 * service), each app's macro settings. No localized text is read: registry values and file version numbers only.
 */
import { z } from 'zod';
import { runPowerShell } from '../../src/powershell.ts';
import { READ_KEY_FUNCTION, RegistryKey, scriptForUser } from '../../src/windows-registry.ts';
import { because, reasons, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { OfficeApp, OfficeMacrosEvidence } from './office-macros.ts';
import { appLists, judgedReasons, judgeWindowsApp, OFFICE_APPS, windowsDefaultBlocks, type OfficeAppName } from './parse.ts';

type Evidence = z.input<typeof OfficeMacrosEvidence>;
type Why = ReturnType<typeof reasons>;

/**
 * The script; `__SID__` is replaced by the console user's SID (validated first), or by nothing when there is no
 * console user: which apps are installed is still read, so that a PC without Office is not applicable either way.
 * - Installed apps: the App Paths key Windows Setup conventions give each program (WINWORD.EXE, EXCEL.EXE,
 *   POWERPNT.EXE, MSACCESS.EXE, VISIO.EXE; 64-bit and WOW6432Node views), both MSI and Click-to-Run Office
 *   register theirs there, and the file it names must exist — a key left behind by an uninstall does not count.
 *   The program's FileVersionInfo numbers give the version (16.0.<build>.<revision>) and the registry version
 *   folder (16.0 for Office 2016 to 2024 and Microsoft 365 Apps).
 * - HKLM\SOFTWARE\Microsoft\Office\ClickToRun\Configuration VersionToReport and ProductReleaseIds (e.g.
 *   "O365BusinessRetail", "ProPlus2021Volume"): Click-to-Run's version and whether it is volume-licensed.
 * - Per app, Software\Policies\Microsoft\Office\16.0\<app>\security blockcontentexecutionfrominternet and
 *   vbawarnings (Group Policy / Intune / Office cloud policy, user configuration) and
 *   Software\Microsoft\Office\16.0\<app>\Security VBAWarnings (Trust Center → Macro Settings), in the user's hive.
 * Each app has its own try/catch so that one failure costs only its own facts.
 */
export const WINDOWS_OFFICE_MACROS_SCRIPT = String.raw`
$sid = '__SID__'
$exes = [ordered]@{ word = 'WINWORD.EXE'; excel = 'EXCEL.EXE'; powerpoint = 'POWERPNT.EXE'; access = 'MSACCESS.EXE'; visio = 'VISIO.EXE' }
${READ_KEY_FUNCTION}
$apps = foreach ($name in $exes.Keys) {
  try {
    $exe = $null
    foreach ($root in @('HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths', 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\App Paths')) {
      $key = "$root\$($exes[$name])"
      if ((-not $exe) -and (Test-Path -LiteralPath $key)) { $exe = ([string](Get-Item -LiteralPath $key).GetValue('')).Trim('"') }
    }
    if ((-not $exe) -or (-not (Test-Path -LiteralPath $exe -PathType Leaf))) {
      [pscustomobject]@{ app = $name; exe = $null }
    } else {
      $v = [Diagnostics.FileVersionInfo]::GetVersionInfo($exe)
      $ver = "$($v.FileMajorPart).$($v.FileMinorPart)"
      [pscustomobject]@{
        app = $name
        exe = $exe
        version = "$ver.$($v.FileBuildPart).$($v.FilePrivatePart)"
        policy = if ($sid) { Read-Key "Registry::HKEY_USERS\$sid\Software\Policies\Microsoft\Office\$ver\$name\security" @('blockcontentexecutionfrominternet', 'vbawarnings') } else { $null }
        user = if ($sid) { Read-Key "Registry::HKEY_USERS\$sid\Software\Microsoft\Office\$ver\$name\Security" @('VBAWarnings') } else { $null }
      }
    }
  } catch { [pscustomobject]@{ app = $name; error = $_.Exception.Message } }
}
[pscustomobject]@{
  hive = if ($sid) { Test-Path -LiteralPath "Registry::HKEY_USERS\$sid" } else { $false }
  clickToRun = Read-Key 'HKLM:\SOFTWARE\Microsoft\Office\ClickToRun\Configuration' @('VersionToReport', 'ProductReleaseIds')
  apps = @($apps)
}`;

export const windowsOfficeMacrosScript = (sid: string | null): string => (sid === null ? WINDOWS_OFFICE_MACROS_SCRIPT.replace('__SID__', '') : scriptForUser(WINDOWS_OFFICE_MACROS_SCRIPT, sid));

const Key = RegistryKey;
type Key = z.infer<typeof Key>;
export const WindowsOfficeAnswer = z.object({
  hive: z.boolean(),
  clickToRun: Key,
  apps: z.array(
    z.union([
      z.object({ app: z.enum(OFFICE_APPS), error: z.string() }),
      z.object({ app: z.enum(OFFICE_APPS), exe: z.null() }),
      z.object({ app: z.enum(OFFICE_APPS), exe: z.string(), version: z.string(), policy: Key.nullable(), user: Key.nullable() }),
    ]),
  ),
});

type Values = Record<string, string | number | null | undefined>;

/** A key's values ({} when the key does not exist), or why it could not be read; `name` is how a person reads the key. */
const values = (key: Key, name: string): Values | Reason =>
  'error' in key ? because('registry.unreadable', { key: name }, String(key.error)) : key.exists === false ? {} : (key as Values);
const isReason = (v: Values | Reason): v is Reason => typeof v.code === 'string' && typeof v.params === 'object';

const FACTS = ['officeApps', 'clickToRun', 'appsRunningInternetMacros', 'appsEnablingAllMacros'] as const;

function allUnknown(why: Why, reason: Reason, user: string | null): Evidence {
  for (const path of FACTS) why.set(path, reason);
  if (user === null && !why.map.user) why.set('user', reason);
  return { user, officeApps: null, clickToRun: null, apps: [], appsRunningInternetMacros: null, appsEnablingAllMacros: null, unknown: why.map };
}

export async function collectWin32(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const lookup = await ctx.consoleUser();
  // Without a console user (or without a usable SID) the installed apps are still read; their settings are not.
  let sid: string | null = null;
  let noSettings: Reason | undefined;
  if (!lookup.found) {
    why.set('user', lookup.reason);
    noSettings = because('office-macros.no-console-user');
  } else {
    ctx.identifying('user', lookup.user.name);
    if (lookup.user.sid !== null && /^S-1-[0-9-]+$/.test(lookup.user.sid)) sid = lookup.user.sid;
    else noSettings = because('console-user.no-sid', { sid: String(lookup.user.sid) });
  }
  const user = lookup.found ? lookup.user.name : null;

  const answer = await runPowerShell(ctx, windowsOfficeMacrosScript(sid));
  if (!answer.ok) return allUnknown(why, answer.reason, user);
  const parsed = WindowsOfficeAnswer.safeParse(answer.value);
  if (!parsed.success) return allUnknown(why, because('command.unexpected-output', { command: 'PowerShell' }, parsed.error.issues[0]?.message), user);
  return { user, ...windowsFacts(parsed.data, why, noSettings), unknown: why.map };
}

/** The facts from the script's answer; every fact that could not be read null with its reason. */
export function windowsFacts(a: z.infer<typeof WindowsOfficeAnswer>, why: Why, noSettings?: Reason): Omit<Evidence, 'user' | 'unknown'> {
  const c2rKey = 'HKLM\\SOFTWARE\\Microsoft\\Office\\ClickToRun\\Configuration';
  const c2r = values(a.clickToRun, c2rKey);
  let clickToRun: Evidence['clickToRun'] = null;
  if (isReason(c2r)) why.set('clickToRun', c2r);
  else if ('exists' in c2r) {
    const version = typeof c2r.VersionToReport === 'string' && c2r.VersionToReport.trim() !== '' ? c2r.VersionToReport.trim() : null;
    const products = typeof c2r.ProductReleaseIds === 'string' ? c2r.ProductReleaseIds.split(',').map((p) => p.trim()).filter(Boolean) : [];
    clickToRun = { version, products };
  }
  const volumeLicensed = clickToRun?.products.some((p) => /Volume$/i.test(p)) ?? false;

  const failed = a.apps.filter((x) => 'error' in x);
  const installed = a.apps.filter((x): x is Extract<typeof x, { version: string }> => 'version' in x);
  const apps: OfficeApp[] = [];
  const appReasons = new Map<OfficeAppName, Reason>();
  installed.forEach((x) => {
    const i = apps.length;
    const policy = x.policy === null ? {} : values(x.policy, `HKU\\<SID>\\Software\\Policies\\Microsoft\\Office\\16.0\\${x.app}\\security`);
    const user = x.user === null ? {} : values(x.user, `HKU\\<SID>\\Software\\Microsoft\\Office\\16.0\\${x.app}\\Security`);
    const unreadable = noSettings ?? (isReason(policy) ? policy : isReason(user) ? user : !a.hive ? because('office-macros.hive-not-loaded') : null);
    if (unreadable !== null) {
      const reason = unreadable;
      for (const f of ['internetMacrosBlocked', 'internetRule', 'macroSetting', 'macroSettingSource']) why.set(`apps.${i}.${f}`, reason);
      appReasons.set(x.app, reason);
      apps.push({ app: x.app, version: x.version, internetMacrosBlocked: null, internetRule: null, macroSetting: null, macroSettingSource: null });
      return;
    }
    const [p, u] = [policy as Values, user as Values];
    // Click-to-Run installs its programs under <InstallationPath>\root\OfficeNN; MSI Office under OfficeNN itself.
    const install = { clickToRun: clickToRun !== null && /\\root\\office\d+\\/i.test(x.exe), volumeLicensed };
    const judged = judgeWindowsApp(
      { policyBlock: p.blockcontentexecutionfrominternet, policyVbaWarnings: p.vbawarnings, userVbaWarnings: u.VBAWarnings },
      windowsDefaultBlocks(x.version, install),
    );
    for (const [f, reason] of judgedReasons(judged.unknown)) why.set(`apps.${i}.${f}`, reason);
    if (judged.unknown.internetMacrosBlocked) appReasons.set(x.app, judged.unknown.internetMacrosBlocked);
    apps.push({ app: x.app, version: x.version, internetMacrosBlocked: judged.internetMacrosBlocked, internetRule: judged.internetRule, macroSetting: judged.macroSetting, macroSettingSource: judged.macroSettingSource });
  });

  // An app whose installation could not be checked makes the list of apps, and so every list, unknown.
  const officeApps = failed.length > 0 ? why.set('officeApps', because('query.failed', { source: `App Paths ${failed[0]!.app}` }, failed[0]!.error)) : installed.map((x) => x.app);
  const lists = appLists(apps, (x) => appReasons.get(x.app), why);
  // No app known to be bad, but not every app's installation could be checked: the lists are not known either.
  if (officeApps === null) for (const path of ['appsRunningInternetMacros', 'appsEnablingAllMacros'] as const) if (lists[path]?.length === 0) lists[path] = why.set(path, why.map.officeApps!);
  return { officeApps, clickToRun, apps, ...lists };
}
