/**
 * Linux collector of the sharing probe. A folder counts as shared only while its server starts by itself or runs:
 * Samba (smbd on Debian/Ubuntu, smb on Fedora/RHEL) and the NFS server. Samba's shares come from `testparm -s`
 * (the configuration Samba itself loads, includes and synonyms resolved; smb.conf is world readable), the shares
 * users made from the file manager from the usershare folder (root only), NFS exports from /etc/exports and
 * /etc/exports.d.
 */
import type { z } from 'zod';
import { readConfigs } from '../../src/config-files.ts';
import { PermissionDeniedError } from '../../src/host/errors.ts';
import { because, firstLine, reasons, runIfInstalled, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import { anyHost, parseExports, parseTestparm, parseUsershareFile } from './parse.ts';
import type { SHARING_SERVICES, SharingEvidence } from './sharing.ts';
import { unitsOn } from './systemd.ts';

type Evidence = z.input<typeof SharingEvidence>;
type Folder = NonNullable<Evidence['sharedFolders']>[number];
type Service = (typeof SHARING_SERVICES)[number];

const SAMBA_UNITS = ['smbd.service', 'smb.service'];
const NFS_UNIT = 'nfs-server.service';
/** Samba's compiled-in `usershare path` on Debian, Ubuntu and Fedora. */
const USERSHARE_DIR = '/var/lib/samba/usershares';

/**
 * Samba's shared folders (printers left out), and the usershares. Debian and Ubuntu build Samba with usershares
 * on (`usershare max shares` 100; upstream's default 0 turns them off), so they are read unless smb.conf says 0.
 */
async function sambaFolders(ctx: ProbeContext): Promise<Folder[] | Reason> {
  const r = await runIfInstalled(ctx, 'testparm', ['-s']);
  if (!r) return because('command.missing', { command: 'testparm (samba-common-bin)' });
  // testparm exits 1 on warnings about the configuration while still printing it, so the output decides.
  const conf = parseTestparm(r.stdout);
  if (conf === null) {
    return r.exitCode === 0 ? because('command.unexpected-output', { command: 'testparm -s' }, firstLine(r.stdout)) : because('command.failed', { command: 'testparm -s', exitCode: r.exitCode }, saidBy(r));
  }
  const folders: Folder[] = conf.shares.filter((s) => !s.printable).map((s) => ({ name: s.name, path: s.path, protocol: 'smb', openToEveryone: s.guestOk }));
  if (conf.global.get('usershare max shares') === '0') return folders;
  const dir = conf.global.get('usershare path') ?? USERSHARE_DIR;
  let names: string[] | undefined;
  try {
    names = await ctx.listDir(dir);
  } catch (e) {
    // The folder is root:sambashare 1770: only root and that group may list it.
    if (e instanceof PermissionDeniedError) return ctx.isAdmin ? because('file.unreadable', { path: dir }) : because('needs-admin', { what: dir });
    throw e;
  }
  const texts = await readConfigs(ctx, (names ?? []).map((n) => `${dir}/${n}`));
  if (!Array.isArray(texts)) return texts;
  const userShares = texts.map(parseUsershareFile).filter((u) => u !== null);
  return [...folders, ...userShares.map((u): Folder => ({ name: u.name ?? u.path, path: u.path, protocol: 'smb', openToEveryone: u.guestOk }))];
}

async function nfsFolders(ctx: ProbeContext): Promise<Folder[] | Reason> {
  const texts = await readConfigs(ctx, ['/etc/exports', { dir: '/etc/exports.d', ext: '.exports' }]);
  if (!Array.isArray(texts)) return texts;
  return texts.flatMap(parseExports).map((e) => ({ name: e.path, path: e.path, protocol: 'nfs', openToEveryone: e.clients.some(anyHost) }));
}

export async function collectLinux(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  why.set('guestAccess', because('sharing.only-on', { platform: 'macOS' }));
  why.set('smb1Server', because('sharing.only-on', { platform: 'Windows' }));
  const units = await unitsOn(ctx, [...SAMBA_UNITS, NFS_UNIT]);
  if (!units.ok) {
    for (const path of ['sharedFolders', 'foldersOpenToEveryone', 'services']) why.set(path, units.reason);
    return { sharedFolders: null, foldersOpenToEveryone: null, guestAccess: null, services: null, smb1Server: null, unknown: why.map };
  }
  const samba = SAMBA_UNITS.some((u) => units.on.has(u));
  const nfs = units.on.has(NFS_UNIT);
  const services: Service[] = [...(samba ? (['samba'] as const) : []), ...(nfs ? (['nfs'] as const) : [])];
  const found = await Promise.all([samba ? sambaFolders(ctx) : [], nfs ? nfsFolders(ctx) : []]);
  const failed = found.find((f): f is Reason => !Array.isArray(f));
  if (failed) {
    why.set('sharedFolders', failed);
    why.set('foldersOpenToEveryone', failed);
    return { sharedFolders: null, foldersOpenToEveryone: null, guestAccess: null, services, smb1Server: null, unknown: why.map };
  }
  const sharedFolders = found.flat() as Folder[];
  return { sharedFolders, foldersOpenToEveryone: sharedFolders.filter((f) => f.openToEveryone).map((f) => f.name), guestAccess: null, services, smb1Server: null, unknown: why.map };
}
