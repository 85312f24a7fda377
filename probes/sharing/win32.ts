/** Windows collector of the sharing probe: one PowerShell run (SHARING_WINDOWS_SCRIPT in parse-win32.ts). */
import type { z } from 'zod';
import { askPowerShell } from '../../src/powershell.ts';
import { because, reasons, type ProbeContext } from '../../src/probe.ts';
import { allowsAnyone, SHARING_WINDOWS_SCRIPT, WindowsSharingAnswer } from './parse-win32.ts';
import type { SharingEvidence } from './sharing.ts';

type Evidence = z.input<typeof SharingEvidence>;

export async function collectWin32(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  why.set('guestAccess', because('sharing.only-on', { platform: 'macOS' }));
  why.set('services', because('sharing.windows-services-not-read'));
  const answer = await askPowerShell(ctx, SHARING_WINDOWS_SCRIPT, WindowsSharingAnswer);
  if (!answer.ok) {
    const reason = answer.reason;
    for (const path of ['sharedFolders', 'foldersOpenToEveryone', 'smb1Server']) why.set(path, reason);
    return { sharedFolders: null, foldersOpenToEveryone: null, guestAccess: null, services: null, smb1Server: null, unknown: why.map };
  }
  const { shares, smb1 } = answer.value;
  const smb1Server = typeof smb1 === 'boolean' ? smb1 : why.set('smb1Server', because('query.failed', { source: 'Get-SmbServerConfiguration' }, smb1.error));
  if ('error' in shares) {
    const reason = because('query.failed', { source: 'Win32_Share' }, shares.error);
    why.set('sharedFolders', reason);
    why.set('foldersOpenToEveryone', reason);
    return { sharedFolders: null, foldersOpenToEveryone: null, guestAccess: null, services: null, smb1Server, unknown: why.map };
  }
  // Anyone gets in only where both the share and its folder let them: either list narrowing it is enough.
  const sharedFolders = shares.map((s, i) => {
    const lists = [
      { acl: s.share, source: `Get-SmbShareAccess ${s.name}` },
      { acl: s.ntfs, source: `Get-Acl ${s.path}` },
    ];
    // A null DACL grants everyone full access.
    const read = lists.map(({ acl }) => (Array.isArray(acl) ? allowsAnyone(acl) : 'nullDacl' in acl ? true : null));
    let openToEveryone: boolean | null = read.includes(false) ? false : read.includes(null) ? null : true;
    if (openToEveryone === null) {
      const failed = lists.find(({ acl }) => 'error' in acl)!;
      openToEveryone = why.set(`sharedFolders.${i}.openToEveryone`, because('query.failed', { source: failed.source }, 'error' in failed.acl ? failed.acl.error : undefined));
    }
    return { name: s.name, path: s.path, protocol: 'smb' as const, openToEveryone };
  });
  const undecided = sharedFolders.some((f) => f.openToEveryone === null);
  const open = sharedFolders.filter((f) => f.openToEveryone).map((f) => f.name);
  // A share whose permissions could not be read leaves the list unknown, unless another is known to be open.
  const foldersOpenToEveryone = undecided && open.length === 0 ? why.set('foldersOpenToEveryone', why.map[`sharedFolders.${sharedFolders.findIndex((f) => f.openToEveryone === null)}.openToEveryone`]!) : open;
  return { sharedFolders, foldersOpenToEveryone, guestAccess: null, services: null, smb1Server, unknown: why.map };
}
