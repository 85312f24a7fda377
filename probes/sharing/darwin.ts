/**
 * macOS collector of the sharing probe. File Sharing is launchd's com.apple.smbd: `launchctl print-disabled system`
 * lists the switches of System Settings › General › Sharing, and a job that is not listed keeps its plist's own
 * Disabled (File Sharing ships disabled). Guests: com.apple.smb.server AllowGuestAccess (mSCP
 * system_settings_guest_access_smb_disable). Printer Sharing: `cupsctl` `_share_printers=1`. Internet Sharing:
 * com.apple.nat NAT › Enabled (osquery's sharing_preferences). The share points themselves are not read.
 */
import type { z } from 'zod';
import { because, firstLine, reasons, runIfInstalled, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import { parseKeyValues } from '../clock-sync/parse.ts';
import { parseLaunchdDisabled } from './parse.ts';
import type { SHARING_SERVICES, SharingEvidence } from './sharing.ts';

type Evidence = z.input<typeof SharingEvidence>;
type Service = (typeof SHARING_SERVICES)[number];

export const SMB_SERVER_PLIST = '/Library/Preferences/SystemConfiguration/com.apple.smb.server';
export const NAT_PLIST = '/Library/Preferences/SystemConfiguration/com.apple.nat.plist';

/** The launchd jobs that are switched on (not disabled by an override), for this probe and remote-access. */
export async function launchdJobsOn(ctx: ProbeContext, labels: readonly string[]): Promise<ReadonlySet<string> | Reason> {
  const r = await ctx.run('launchctl', ['print-disabled', 'system']);
  if (r.exitCode !== 0) return because('command.failed', { command: 'launchctl print-disabled system', exitCode: r.exitCode }, saidBy(r));
  const overrides = parseLaunchdDisabled(r.stdout);
  if (!overrides) return because('command.unexpected-output', { command: 'launchctl print-disabled system' }, firstLine(r.stdout));
  return new Set(labels.filter((l) => overrides.get(l) === false));
}

async function printerSharing(ctx: ProbeContext): Promise<boolean | Reason> {
  const r = await runIfInstalled(ctx, 'cupsctl', []);
  if (!r) return because('command.missing', { command: 'cupsctl' });
  if (r.exitCode !== 0) return because('command.failed', { command: 'cupsctl', exitCode: r.exitCode }, saidBy(r));
  const v = parseKeyValues(r.stdout).get('_share_printers');
  return v === '1' ? true : v === '0' ? false : because('value.unexpected', { source: 'cupsctl', name: '_share_printers' }, v ?? '');
}

/** No com.apple.nat, or no NAT › Enabled in it: Internet Sharing was never switched on. */
async function internetSharing(ctx: ProbeContext): Promise<boolean | Reason> {
  if (!(await ctx.stat(NAT_PLIST))) return false;
  const r = await ctx.run('plutil', ['-extract', 'NAT.Enabled', 'raw', '-o', '-', NAT_PLIST]);
  if (r.exitCode !== 0) return /No value at that key path/.test(r.stderr + r.stdout) ? false : because('command.failed', { command: `plutil -extract NAT.Enabled ${NAT_PLIST}`, exitCode: r.exitCode }, saidBy(r));
  const v = r.stdout.trim();
  return ['1', 'true'].includes(v) ? true : ['0', 'false'].includes(v) ? false : because('value.unexpected', { source: NAT_PLIST, name: 'NAT.Enabled' }, v);
}

async function guestAccess(ctx: ProbeContext): Promise<boolean | Reason> {
  const r = await ctx.run('defaults', ['read', SMB_SERVER_PLIST, 'AllowGuestAccess']);
  if (r.exitCode !== 0) return /does not exist/.test(r.stderr) ? because('sharing.smb-guest-unset') : because('command.failed', { command: `defaults read ${SMB_SERVER_PLIST} AllowGuestAccess`, exitCode: r.exitCode }, saidBy(r));
  // `defaults read` prints a boolean as 1 or 0.
  const v = r.stdout.trim();
  return v === '1' ? true : v === '0' ? false : because('value.unexpected', { source: SMB_SERVER_PLIST, name: 'AllowGuestAccess' }, v);
}

export async function collectDarwin(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  why.set('sharedFolders', because('sharing.macos-share-points-not-read'));
  why.set('foldersOpenToEveryone', because('sharing.macos-share-points-not-read'));
  why.set('smb1Server', because('sharing.only-on', { platform: 'Windows' }));
  const [jobs, printers, internet] = await Promise.all([launchdJobsOn(ctx, ['com.apple.smbd']), printerSharing(ctx), internetSharing(ctx)]);
  const fileSharing = jobs instanceof Set ? jobs.has('com.apple.smbd') : null;
  const guests = fileSharing === true ? await guestAccess(ctx) : fileSharing === false ? false : (jobs as Reason);
  const facts = [fileSharing ?? (jobs as Reason), printers, internet] as const;
  const failed = facts.find((f): f is Reason => typeof f === 'object');
  const services: Service[] | null = failed
    ? why.set('services', failed)
    : (['file-sharing', 'printer-sharing', 'internet-sharing'] as const).filter((_, i) => facts[i] === true);
  return {
    sharedFolders: null,
    foldersOpenToEveryone: null,
    guestAccess: typeof guests === 'object' ? why.set('guestAccess', guests) : guests,
    services,
    smb1Server: null,
    unknown: why.map,
  };
}
