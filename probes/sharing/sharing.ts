/**
 * What this PC shares with the network (自社診断 No.4 「重要情報に対する適切なアクセス制限」, 5か条 4 「共有設定を見直そう」):
 * the folders it shares, which of them anyone can open without an account of their own, and which sharing services
 * are switched on. Machine-wide settings, no console user.
 * Linux: Samba (`testparm -s`, `net usershare info`) and NFS (/etc/exports) when their server starts by itself.
 * Windows: Win32_Share, each share's permissions and its folder's NTFS permissions by SID, SMB1 (one PowerShell run).
 * macOS: File Sharing, Printer Sharing and Internet Sharing, and whether File Sharing lets guests in.
 * The collectors are in linux.ts, win32.ts and darwin.ts; this file declares the evidence.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin } from './darwin.ts';
import { collectLinux } from './linux.ts';
import { collectWin32 } from './win32.ts';

export const SHARING_SERVICES = ['samba', 'nfs', 'file-sharing', 'printer-sharing', 'internet-sharing'] as const;

export const SharingEvidence = evidenceSchema({
  sharedFolders: z
    .array(
      z.strictObject({
        name: z.string().describe('the share name other computers see (the export path for NFS)'),
        path: z.string().nullable().describe('the folder on this PC'),
        protocol: z.enum(['smb', 'nfs']),
        openToEveryone: z
          .boolean()
          .nullable()
          .describe(
            'anyone on the network can open it without an account of their own: Samba guest ok, a usershare with guest_ok=y, an NFS export to any host; Windows both the share and the folder allow Everyone, Guests, ANONYMOUS LOGON or the Guest account',
          ),
      }),
    )
    .nullable()
    .describe('folders this PC shares with other computers (Windows: not the administrative $ shares; Linux: only while the Samba or NFS server starts by itself); not read on macOS'),
  foldersOpenToEveryone: z.array(z.string()).nullable().describe('the names of the shared folders that anyone can open (openToEveryone true)'),
  guestAccess: z.boolean().nullable().describe('macOS: File Sharing lets guests in without a password (com.apple.smb.server AllowGuestAccess); false while File Sharing is off'),
  services: z
    .array(z.enum(SHARING_SERVICES))
    .nullable()
    .describe('sharing services switched on: Linux the Samba or NFS server enabled or running; macOS File Sharing (smbd), Printer Sharing (cupsctl _share_printers), Internet Sharing (com.apple.nat); not read on Windows, where the Server service always runs'),
  smb1Server: z.boolean().nullable().describe('Windows: the SMB1 server is on (Get-SmbServerConfiguration EnableSMB1Protocol), the protocol WannaCry spread through'),
});
export type SharingEvidence = z.infer<typeof SharingEvidence>;

export * from './parse.ts';
export * from './parse-win32.ts';

export default defineProbe({
  id: 'sharing',
  version: '1.0.0',
  title: { ja: 'フォルダーの共有', en: 'Folder sharing' },
  evidence: SharingEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
});
