/**
 * Office macros in files from the internet are blocked, and macros are not switched on wholesale (自社診断 No.6,
 * 「電子メールの添付ファイルや本文中のURLリンクを介したウイルス感染に気をつけよう」): a macro in a mailed document is the
 * commonest way such an attachment infects a PC (Emotet and its kin). One measure of that item, not the whole item:
 * what staff click on is not on the PC. Per-user settings, read for the console user.
 * Windows: the installed Office apps that run VBA (Word, Excel, PowerPoint, Access, Visio), Click-to-Run's version
 * and products, and per app the policy and Trust Center values of the console user's hive (win32.ts).
 * macOS: Word, Excel and PowerPoint in /Applications and VisualBasicMacroExecutionState (darwin.ts).
 * Linux: Microsoft Office does not exist for it; LibreOffice's macro security level for the console user (linux.ts).
 * The collectors are in linux.ts, win32.ts and darwin.ts, the rules that turn settings into facts in parse.ts.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin } from './darwin.ts';
import { collectLinux } from './linux.ts';
import { MACRO_SETTINGS, OFFICE_APPS, INTERNET_RULES, SETTING_SOURCES } from './parse.ts';
import { collectWin32 } from './win32.ts';

export const OfficeApp = z.strictObject({
  app: z.enum(OFFICE_APPS),
  version: z.string().nullable().describe('the app\'s version as its program file states it (Windows, e.g. 16.0.17928.20114); not read on macOS and Linux'),
  internetMacrosBlocked: z
    .boolean()
    .nullable()
    .describe('whether macros in a file from the internet (an e-mail attachment, a download: Mark of the Web) are kept from running, with no button that lets the user run them'),
  internetRule: z
    .enum(INTERNET_RULES)
    .nullable()
    .describe(
      'what decided internetMacrosBlocked: block-policy ("Block macros from running in Office files from the Internet" enabled), block-policy-off (that policy disabled), macro-policy ("VBA Macro Notification Settings" policy), default (Office\'s own default for this version), macro-setting (the macro setting below, where the internet rule does not apply)',
    ),
  macroSetting: z
    .enum(MACRO_SETTINGS)
    .nullable()
    .describe('the general macro setting: enable-all (every macro runs), notify (disabled, the user may enable them), signed-only (only signed macros, with notification), disable-all (disabled without notification)'),
  macroSettingSource: z.enum(SETTING_SOURCES).nullable().describe('where macroSetting comes from: a policy, the user\'s own Trust Center / Preferences choice, or the default (on macOS also a machine-wide default in /Library/Preferences that the user has not changed)'),
});
export type OfficeApp = z.infer<typeof OfficeApp>;

export const OfficeMacrosEvidence = evidenceSchema({
  user: z.string().nullable().describe('login name of the console user whose settings were read'),
  officeApps: z
    .array(z.enum(OFFICE_APPS))
    .nullable()
    .describe('the office apps installed that run macros (Windows: Word, Excel, PowerPoint, Access, Visio; macOS: Word, Excel, PowerPoint; Linux: LibreOffice); empty when none'),
  clickToRun: z
    .strictObject({ version: z.string().nullable(), products: z.array(z.string()) })
    .nullable()
    .describe('Windows: Click-to-Run Office (Microsoft 365 Apps, Office 2019/2021/2024): its VersionToReport and ProductReleaseIds; null where it is not installed or on macOS'),
  apps: z.array(OfficeApp).describe('each installed app and its macro settings'),
  appsRunningInternetMacros: z
    .array(z.enum(OFFICE_APPS))
    .nullable()
    .describe('installed apps where macros in a file from the internet can run (empty when none); null when no app is known to and some could not be told'),
  appsEnablingAllMacros: z
    .array(z.enum(OFFICE_APPS))
    .nullable()
    .describe('installed apps set to "Enable all macros" (by policy or by the user); null when no app is known to and some could not be told'),
});
export type OfficeMacrosEvidence = z.infer<typeof OfficeMacrosEvidence>;

export * from './parse.ts';

export default defineProbe({
  id: 'office-macros',
  version: '1.0.0',
  title: { ja: 'Office のマクロ', en: 'Office macros' },
  evidence: OfficeMacrosEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
});
