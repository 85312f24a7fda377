/**
 * The rules of the office-macros probe: registry values and preferences in, facts out (tested in
 * office-macros.test.ts). Every rule cites the Microsoft page it follows.
 */
import { because, type Reason } from '../../src/probe.ts';

export const OFFICE_APPS = ['word', 'excel', 'powerpoint', 'access', 'visio', 'libreoffice'] as const;
export type OfficeAppName = (typeof OFFICE_APPS)[number];
export const MACRO_SETTINGS = ['enable-all', 'notify', 'signed-only', 'disable-all'] as const;
export type MacroSetting = (typeof MACRO_SETTINGS)[number];
export const SETTING_SOURCES = ['policy', 'user', 'default'] as const;
export const INTERNET_RULES = ['block-policy', 'block-policy-off', 'macro-policy', 'default', 'macro-setting'] as const;
export type InternetRule = (typeof INTERNET_RULES)[number];

/**
 * VBAWarnings, the value behind "VBA Macro Notification Settings" (policy) and Trust Center → Macro Settings (user),
 * as the Office ADMX templates number its four choices (learn.microsoft.com/deployoffice/security/internet-macros-blocked,
 * "VBA Macro Notification Settings"; office/2016/security/plan-security-settings-vba-macros): 1 "Enable all macros
 * (not recommended)", 2 "Disable all with notification" (the default), 3 "Disable all except digitally signed
 * macros", 4 "Disable all without notification".
 */
export const VBA_WARNINGS: Readonly<Record<number, MacroSetting>> = { 1: 'enable-all', 2: 'notify', 3: 'signed-only', 4: 'disable-all' };

/**
 * Builds of Microsoft 365 Apps (16.0.<build>.<revision>) that block macros from the internet by default, from
 * Microsoft's table "Versions of Office affected by this change" (internet-macros-blocked): Current Channel
 * (Preview) from Version 2203 (build 15028), Current Channel from 2206 (15330), Monthly Enterprise and both
 * Semi-Annual Enterprise channels from 2208 (15601). From 15601 on every channel has it; before 15028 none did;
 * in between it depends on the update channel, which tenken does not read.
 */
export const FIRST_DEFAULT_BLOCK_BUILD = 15028;
export const EVERY_CHANNEL_DEFAULT_BLOCK_BUILD = 15601;

/** How an Office app was installed, as far as the default rule cares. */
export interface WindowsInstall {
  /** Installed by Click-to-Run (the `root\OfficeNN` layout), not by an MSI package. */
  readonly clickToRun: boolean;
  /** A volume-licensed perpetual Office (ProductReleaseIds ending in "Volume": Office LTSC 2021/2024, Office 2019). */
  readonly volumeLicensed: boolean;
}

/** The build number of "16.0.<build>.<revision>", else null. */
export function officeBuild(version: string | null): number | null {
  const m = version === null ? null : /^\d+\.\d+\.(\d+)\.\d+$/.exec(version.trim());
  return m ? Number(m[1]) : null;
}

/**
 * Whether this Office blocks macros in files from the internet when no policy says otherwise; a reason where
 * Microsoft's published table does not settle it. The table lists the Microsoft 365 Apps update channels only:
 * volume-licensed Office below build 15601 (Office LTSC 2021 is 2108, build 14332; Office 2019 is 1808) and
 * MSI-installed Office 2016 are not in it, so tenken does not guess their default.
 */
export function windowsDefaultBlocks(version: string | null, install: WindowsInstall): boolean | Reason {
  const build = officeBuild(version);
  if (build === null) return because('office-macros.version-unknown', { version: version ?? '' });
  if (build >= EVERY_CHANNEL_DEFAULT_BLOCK_BUILD) return true;
  if (!install.clickToRun) return because('office-macros.default-msi', { version: version! });
  if (install.volumeLicensed) return because('office-macros.default-volume', { version: version! });
  if (build < FIRST_DEFAULT_BLOCK_BUILD) return false;
  return because('office-macros.default-channel', { version: version! });
}

/** A registry value as the script read it: a DWORD number, a string, absent (undefined/null). */
type RegValue = string | number | null | undefined;

/** A DWORD read as a whole number; undefined when the value is absent; NaN when it is something else. */
function dword(v: RegValue): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number.NaN;
  return /^\s*\d+\s*$/.test(v) ? Number(v.trim()) : Number.NaN;
}

export interface WindowsAppSettings {
  /** HKU\<sid>\Software\Policies\Microsoft\Office\16.0\<app>\security blockcontentexecutionfrominternet. */
  readonly policyBlock: RegValue;
  /** The same key's vbawarnings ("VBA Macro Notification Settings"). */
  readonly policyVbaWarnings: RegValue;
  /** HKU\<sid>\Software\Microsoft\Office\16.0\<app>\Security VBAWarnings (Trust Center, the user's choice). */
  readonly userVbaWarnings: RegValue;
}

export interface Judged {
  readonly internetMacrosBlocked: boolean | null;
  readonly internetRule: InternetRule | null;
  readonly macroSetting: MacroSetting | null;
  readonly macroSettingSource: (typeof SETTING_SOURCES)[number] | null;
  /** Reasons of the facts that are null, keyed by the fact's name. */
  readonly unknown: Partial<Record<'internetMacrosBlocked' | 'macroSetting', Reason>>;
}

/** Nothing known about an app's macros, for `reason`. */
export const unknownJudged = (reason: Reason): Judged => ({
  internetMacrosBlocked: null,
  internetRule: null,
  macroSetting: null,
  macroSettingSource: null,
  unknown: { internetMacrosBlocked: reason, macroSetting: reason },
});

/** The reasons of a Judged's null facts, each with the fact that goes with it (internetRule, macroSettingSource). */
export function judgedReasons(unknown: Judged['unknown']): [string, Reason][] {
  const out: [string, Reason][] = [];
  if (unknown.internetMacrosBlocked) out.push(['internetMacrosBlocked', unknown.internetMacrosBlocked], ['internetRule', unknown.internetMacrosBlocked]);
  if (unknown.macroSetting) out.push(['macroSetting', unknown.macroSetting], ['macroSettingSource', unknown.macroSetting]);
  return out;
}

/** A setting that keeps unsigned macros from running without asking also keeps internet ones from running. */
const blocksWithoutAsking = (s: MacroSetting) => s === 'signed-only' || s === 'disable-all';

/**
 * One Windows app's facts, in the order Office decides (internet-macros-blocked, "How Office determines whether
 * to run macros in files from the internet"): Trusted Locations and trusted publishers aside, (4–5) a policy that
 * blocks or enables macros wins; (7) otherwise the new default blocks macros in files with Mark of the Web. Before
 * that default, or with the block policy Disabled, the Trust Center macro setting decides ("Not protected" in
 * Microsoft's table: with the default "Disable all with notification" the user can enable them with one click).
 * "Block macros from running in Office files from the Internet" blocks them "even if Enable all macros is
 * selected" (plan-security-settings-vba-macros), so it is read first.
 */
export function judgeWindowsApp(s: WindowsAppSettings, defaultBlocks: boolean | Reason): Judged {
  const unknown: Judged['unknown'] = {};
  const policyBlock = dword(s.policyBlock);
  const policyVba = dword(s.policyVbaWarnings);
  const userVba = dword(s.userVbaWarnings);

  let macroSetting: MacroSetting | null;
  let macroSettingSource: Judged['macroSettingSource'];
  const [raw, source, name] =
    policyVba !== undefined ? [policyVba, 'policy' as const, 'vbawarnings (policy)'] : userVba !== undefined ? [userVba, 'user' as const, 'VBAWarnings'] : [2, 'default' as const, ''];
  macroSetting = VBA_WARNINGS[raw] ?? null;
  macroSettingSource = source;
  if (macroSetting === null) {
    unknown.macroSetting = because('value.unexpected', { source: 'Office Security', name }, String(source === 'policy' ? s.policyVbaWarnings : s.userVbaWarnings));
    macroSettingSource = null;
  }

  const bySetting = (rule: InternetRule): Pick<Judged, 'internetMacrosBlocked' | 'internetRule'> => {
    if (macroSetting === null) {
      unknown.internetMacrosBlocked = unknown.macroSetting!;
      return { internetMacrosBlocked: null, internetRule: null };
    }
    return { internetMacrosBlocked: blocksWithoutAsking(macroSetting), internetRule: rule };
  };

  let internet: Pick<Judged, 'internetMacrosBlocked' | 'internetRule'>;
  if (policyBlock === 1) internet = { internetMacrosBlocked: true, internetRule: 'block-policy' };
  else if (policyBlock !== undefined && policyBlock !== 0) {
    unknown.internetMacrosBlocked = because('value.unexpected', { source: 'Office Security policy', name: 'blockcontentexecutionfrominternet' }, String(s.policyBlock));
    internet = { internetMacrosBlocked: null, internetRule: null };
  } else if (policyVba === 1) internet = { internetMacrosBlocked: false, internetRule: 'macro-policy' };
  else if (policyVba === 3 || policyVba === 4) internet = { internetMacrosBlocked: true, internetRule: 'macro-policy' };
  else if (policyBlock === 0) internet = bySetting('block-policy-off');
  else if (defaultBlocks === true) internet = { internetMacrosBlocked: true, internetRule: 'default' };
  else if (defaultBlocks === false) internet = bySetting('macro-setting');
  else if (macroSetting !== null && blocksWithoutAsking(macroSetting)) internet = { internetMacrosBlocked: true, internetRule: 'macro-setting' };
  else {
    unknown.internetMacrosBlocked = defaultBlocks;
    internet = { internetMacrosBlocked: null, internetRule: null };
  }
  return { ...internet, macroSetting, macroSettingSource, unknown };
}

/**
 * Office for Mac's VisualBasicMacroExecutionState (domain com.microsoft.office; Word, Excel, PowerPoint; from
 * 15.33), learn.microsoft.com/microsoft-365-apps/mac/set-preference-macro-security-office-for-mac:
 * DisabledWithWarnings (the default), DisabledWithoutWarnings, EnabledWithoutWarnings ("not recommended").
 * Office for Mac has no rule for files from the internet ("The change doesn't affect Office on a Mac",
 * internet-macros-blocked), so only "disabled without warnings" keeps a mailed macro from running.
 */
export const MAC_MACRO_STATES: Readonly<Record<string, MacroSetting>> = {
  DisabledWithWarnings: 'notify',
  DisabledWithoutWarnings: 'disable-all',
  EnabledWithoutWarnings: 'enable-all',
};

export function judgeMacState(state: string | undefined, source: (typeof SETTING_SOURCES)[number]): Judged {
  if (state === undefined) return { internetMacrosBlocked: false, internetRule: 'macro-setting', macroSetting: 'notify', macroSettingSource: 'default', unknown: {} };
  const setting = MAC_MACRO_STATES[state];
  if (setting === undefined) {
    return unknownJudged(because('value.unexpected', { source: 'com.microsoft.office', name: 'VisualBasicMacroExecutionState' }, state));
  }
  return { internetMacrosBlocked: setting === 'disable-all', internetRule: 'macro-setting', macroSetting: setting, macroSettingSource: source, unknown: {} };
}

/**
 * LibreOffice's macro security level, org.openoffice.Office.Common/Security/Scripting/MacroSecurityLevel, as
 * hardentools documents it (libreoffice.go): 0 Low (all macros run), 1 Medium (the user confirms each), 2 High
 * (only signed macros; the default), 3 Very High (only macros from trusted locations).
 * DisableMacrosExecution true turns every macro off whatever the level. LibreOffice has no rule for files from the
 * internet either, so only High and above keep a mailed macro from running.
 */
export const LIBREOFFICE_LEVELS: Readonly<Record<number, MacroSetting>> = { 0: 'enable-all', 1: 'notify', 2: 'signed-only', 3: 'disable-all' };

/** The value of one Scripting property in a registrymodifications.xcu (one <item> per line); undefined when absent. */
export function xcuScriptingValue(xcu: string, name: string): string | undefined {
  const item = new RegExp(`<item oor:path="/org\\.openoffice\\.Office\\.Common/Security/Scripting">\\s*<prop oor:name="${name}"[^>]*>\\s*<value>([^<]*)</value>`, 'g');
  return [...xcu.matchAll(item)].at(-1)?.[1];
}

export function judgeLibreOffice(xcu: string | undefined): Judged {
  const disabled = xcu === undefined ? undefined : xcuScriptingValue(xcu, 'DisableMacrosExecution');
  if (disabled === 'true') return { internetMacrosBlocked: true, internetRule: 'macro-setting', macroSetting: 'disable-all', macroSettingSource: 'user', unknown: {} };
  const raw = xcu === undefined ? undefined : xcuScriptingValue(xcu, 'MacroSecurityLevel');
  if (raw === undefined) return { internetMacrosBlocked: true, internetRule: 'macro-setting', macroSetting: 'signed-only', macroSettingSource: 'default', unknown: {} };
  const setting = /^\d+$/.test(raw.trim()) ? LIBREOFFICE_LEVELS[Number(raw)] : undefined;
  if (setting === undefined) {
    return unknownJudged(because('value.unexpected', { source: 'registrymodifications.xcu', name: 'MacroSecurityLevel' }, raw));
  }
  return { internetMacrosBlocked: setting === 'signed-only' || setting === 'disable-all', internetRule: 'macro-setting', macroSetting: setting, macroSettingSource: 'user', unknown: {} };
}

/**
 * The apps for which `bad` holds. Any app known to be bad settles the list (a check on it fails whatever the
 * others are); otherwise an app not known makes the list unknown, with that app's reason.
 */
export function appsWhere<T extends { readonly app: OfficeAppName }>(apps: readonly T[], bad: (a: T) => boolean | null, reasonOf: (a: T) => Reason | undefined): OfficeAppName[] | Reason {
  const known = apps.filter((a) => bad(a) === true).map((a) => a.app);
  if (known.length > 0) return known;
  const unsure = apps.find((a) => bad(a) === null);
  return unsure ? (reasonOf(unsure) ?? because('office-macros.app-unknown', { app: unsure.app })) : [];
}

type Why = { set(path: string, reason: Reason): null };
interface AppFacts {
  readonly app: OfficeAppName;
  readonly internetMacrosBlocked: boolean | null;
  readonly macroSetting: MacroSetting | null;
}

/** The two lists the checks read; a list not known is null with its reason in `why`. */
export function appLists(apps: readonly AppFacts[], reasonOf: (a: AppFacts) => Reason | undefined, why: Why): { appsRunningInternetMacros: OfficeAppName[] | null; appsEnablingAllMacros: OfficeAppName[] | null } {
  const list = (path: string, bad: (a: AppFacts) => boolean | null) => {
    const r = appsWhere(apps, bad, reasonOf);
    return Array.isArray(r) ? r : why.set(path, r);
  };
  return {
    appsRunningInternetMacros: list('appsRunningInternetMacros', (a) => (a.internetMacrosBlocked === null ? null : !a.internetMacrosBlocked)),
    appsEnablingAllMacros: list('appsEnablingAllMacros', (a) => (a.macroSetting === null ? null : a.macroSetting === 'enable-all')),
  };
}

/**
 * The apps of a suite whose one setting covers them all (Office for Mac's com.microsoft.office domain, LibreOffice's
 * profile), their version not read (`versionReason`), with the lists the checks read.
 */
export function appsSharingOneSetting(names: readonly OfficeAppName[], judged: Judged, versionReason: Reason, why: Why) {
  const { unknown, ...facts } = judged;
  const apps = names.map((app, i) => {
    why.set(`apps.${i}.version`, versionReason);
    for (const [f, reason] of judgedReasons(unknown)) why.set(`apps.${i}.${f}`, reason);
    return { app, version: null, ...facts };
  });
  return { apps, ...appLists(apps, () => unknown.internetMacrosBlocked ?? unknown.macroSetting, why) };
}
