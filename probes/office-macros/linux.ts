/**
 * Linux collector of the office-macros probe. Microsoft Office does not exist for Linux; the office suite that runs
 * macros there is LibreOffice. Installed: its program in the distribution's place (/usr/lib/libreoffice on
 * Debian/Ubuntu, /usr/lib64/libreoffice on Fedora/RHEL/openSUSE) or The Document Foundation's packages
 * (/opt/libreoffice<version>). Setting: the console user's registrymodifications.xcu, where LibreOffice keeps what
 * Tools → Options changed; absent, the level is the default, High. Not read: the Flatpak and Snap builds (their
 * profiles live elsewhere) and values an administrator fixed in the shared configuration layer.
 */
import type { z } from 'zod';
import { PermissionDeniedError } from '../../src/host/errors.ts';
import { because, reasons, type ProbeContext } from '../../src/probe.ts';
import type { OfficeMacrosEvidence } from './office-macros.ts';
import { appsSharingOneSetting, judgeLibreOffice, unknownJudged, type Judged } from './parse.ts';

type Evidence = z.input<typeof OfficeMacrosEvidence>;

const PROGRAMS = ['/usr/lib/libreoffice/program/soffice', '/usr/lib64/libreoffice/program/soffice'];

async function installed(ctx: ProbeContext): Promise<boolean> {
  const opt = ((await ctx.listDir('/opt')) ?? []).filter((d) => /^libreoffice/i.test(d)).map((d) => `/opt/${d}/program/soffice`);
  const found = await Promise.all([...PROGRAMS, ...opt].map(async (p) => (await ctx.stat(p))?.type === 'file'));
  return found.includes(true);
}

export async function collectLinux(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  // Which suite is installed does not depend on the user: a PC without LibreOffice is not applicable either way.
  if (!(await installed(ctx))) {
    why.set('user', because('office-macros.no-office-suite'));
    return { user: null, officeApps: [], clickToRun: null, apps: [], appsRunningInternetMacros: [], appsEnablingAllMacros: [], unknown: why.map };
  }

  const lookup = await ctx.consoleUser();
  let judged: Judged;
  let user: string | null = null;
  if (!lookup.found) {
    why.set('user', lookup.reason);
    judged = unknownJudged(because('office-macros.no-console-user'));
  } else if (lookup.user.home === null) {
    user = lookup.user.name;
    judged = unknownJudged(because('value.missing', { source: 'console user', name: 'home' }));
  } else {
    user = lookup.user.name;
    ctx.identifying('user', user);
    ctx.identifying('home', lookup.user.home);
    const path = `${lookup.user.home}/.config/libreoffice/4/user/registrymodifications.xcu`;
    try {
      judged = judgeLibreOffice(await ctx.readFile(path));
    } catch (e) {
      if (!(e instanceof PermissionDeniedError)) throw e;
      judged = unknownJudged(because('file.unreadable', { path }));
    }
  }

  return {
    user,
    officeApps: ['libreoffice'],
    clickToRun: null,
    ...appsSharingOneSetting(['libreoffice'], judged, because('office-macros.version-not-read'), why),
    unknown: why.map,
  };
}
