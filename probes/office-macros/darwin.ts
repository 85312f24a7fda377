/**
 * macOS collector of the office-macros probe. Installed apps: /Applications/Microsoft Word.app, Microsoft Excel.app
 * and Microsoft PowerPoint.app, where the Microsoft installer and the App Store put them. The setting,
 * VisualBasicMacroExecutionState in the com.microsoft.office domain, is looked up where Office reads it first:
 * a configuration profile's managed preferences (/Library/Managed Preferences/<user>/, then the computer-wide
 * folder: "If this preference is set by using a configuration profile, the user interface is disabled"), then the
 * console user's own preferences through `defaults`, run in their session, then the machine-wide
 * /Library/Preferences/com.microsoft.office.plist: the keys are "CFPreferences compatible", so Office also finds a
 * default an administrator wrote there for every user ("set default settings that users can change"), which
 * `defaults read <domain>` does not show ("Prints all of the user's defaults for domain", man defaults).
 */
import type { z } from 'zod';
import { parsePlist } from '../../src/plist.ts';
import { because, reasons, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { OfficeMacrosEvidence } from './office-macros.ts';
import { appsSharingOneSetting, judgeMacState, unknownJudged, type Judged, type OfficeAppName } from './parse.ts';

type Evidence = z.input<typeof OfficeMacrosEvidence>;

const MAC_APPS: readonly { app: OfficeAppName; path: string }[] = [
  { app: 'word', path: '/Applications/Microsoft Word.app' },
  { app: 'excel', path: '/Applications/Microsoft Excel.app' },
  { app: 'powerpoint', path: '/Applications/Microsoft PowerPoint.app' },
];
const DOMAIN = 'com.microsoft.office';
const KEY = 'VisualBasicMacroExecutionState';
/** The any-user domain, as `defaults` names a file: without .plist. World-readable, no console user needed. */
export const OFFICE_MACHINE_DEFAULTS = `/Library/Preferences/${DOMAIN}`;

/** One `defaults read <domain> KEY`: the value, undefined when the key is not set, a reason when `defaults` failed. */
async function readDefault(ctx: ProbeContext, domain: string, asConsoleUser: boolean): Promise<string | undefined | Reason> {
  const r = await ctx.run('defaults', ['read', domain, KEY], asConsoleUser ? { asConsoleUser } : {});
  if (r.exitCode === 0) return r.stdout.trim();
  if (/does not exist/.test(r.stderr)) return undefined;
  return because('command.failed', { command: `defaults read ${domain} ${KEY}`, exitCode: r.exitCode }, saidBy(r));
}

/** The managed value: a string, undefined when no profile sets it, a reason when a managed file could not be read. */
async function managedState(ctx: ProbeContext, user: string): Promise<string | undefined | Reason> {
  for (const file of [`/Library/Managed Preferences/${user}/${DOMAIN}.plist`, `/Library/Managed Preferences/${DOMAIN}.plist`]) {
    if ((await ctx.stat(file)) === undefined) continue;
    const r = await ctx.run('plutil', ['-convert', 'xml1', '-o', '-', file]);
    if (r.exitCode !== 0) return because('command.failed', { command: `plutil -convert xml1 ${file}`, exitCode: r.exitCode }, saidBy(r));
    let dict: unknown;
    try {
      dict = parsePlist(r.stdout);
    } catch {
      return because('file.unexpected', { path: file });
    }
    if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) return because('file.unexpected', { path: file });
    const v = (dict as Record<string, unknown>)[KEY];
    if (typeof v === 'string') return v;
    if (v !== undefined) return because('value.unexpected', { source: file, name: KEY }, JSON.stringify(v));
  }
  return undefined;
}

export async function collectDarwin(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const lookup = await ctx.consoleUser();
  if (!lookup.found) why.set('user', lookup.reason);
  else ctx.identifying('user', lookup.user.name);
  const user = lookup.found ? lookup.user.name : null;

  // Which apps are installed does not depend on the user: a Mac without Office is not applicable either way.
  const present = await Promise.all(MAC_APPS.map(async (a) => ((await ctx.stat(a.path))?.type === 'directory' ? a.app : null)));
  const officeApps = present.filter((a): a is OfficeAppName => a !== null);
  if (officeApps.length === 0) return { user, officeApps, clickToRun: null, apps: [], appsRunningInternetMacros: [], appsEnablingAllMacros: [], unknown: why.map };

  let judged: Judged;
  const managed = lookup.found ? await managedState(ctx, lookup.user.name) : because('office-macros.no-console-user');
  if (typeof managed === 'string') judged = judgeMacState(managed, 'policy');
  else if (managed !== undefined) judged = unknownJudged(managed);
  else {
    // CFPreferences' order: the user's own value before the machine-wide default.
    const own = await readDefault(ctx, DOMAIN, true);
    const machine = own === undefined ? await readDefault(ctx, OFFICE_MACHINE_DEFAULTS, false) : undefined;
    if (typeof own === 'string') judged = judgeMacState(own, 'user');
    else if (own !== undefined) judged = unknownJudged(own);
    else if (typeof machine === 'string') judged = judgeMacState(machine, 'default');
    else if (machine !== undefined) judged = unknownJudged(machine);
    else judged = judgeMacState(undefined, 'user');
  }

  // One domain holds the setting of all three apps.
  return { user, officeApps, clickToRun: null, ...appsSharingOneSetting(officeApps, judged, because('office-macros.version-not-read'), why), unknown: why.map };
}
