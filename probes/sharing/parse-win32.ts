/** The Windows script of the sharing probe and the zod schema of its answer (tested in sharing.test.ts). */
import { z } from 'zod';
import { Failed } from '../../src/powershell.ts';

/**
 * One PowerShell run, no localized text:
 * - Win32_Share with Type 0 (a disk folder; 0x80000000 and the `$` names are the administrative shares Windows
 *   makes itself, research/probes.md §6.2, as osquery's shared_resources reads them);
 * - for each, who may open it twice over — the share's own permissions (Get-SmbShareAccess) and the folder's NTFS
 *   permissions (Get-Acl) — because Windows' sharing wizard grants Everyone on the share and narrows it with NTFS,
 *   so the share permissions alone would call most shares open. Account names are localized ("Jeder" in German),
 *   so every account is turned into its SID in the script, and the SIDs are compared (S-1-1-0 Everyone,
 *   S-1-5-32-546 Guests, S-1-5-7 ANONYMOUS LOGON, …-501 the Guest account);
 * - a folder with a null DACL (SDDL flag NO_ACCESS_CONTROL) has no entries to list and lets everyone in, which its
 *   empty Access list would otherwise have hidden; an empty DACL lets nobody in (learn.microsoft.com "Null DACLs
 *   and Empty DACLs", "Security Descriptor String Format");
 * - whether the SMB1 server is on (Get-SmbServerConfiguration EnableSMB1Protocol; Windows 10 1709 and later leave
 *   it off on a new installation).
 * Each source has its own try/catch so that one failure costs only its own facts. Type=0 (a folder) already leaves out
 * the administrative shares (C$, ADMIN$: Type 2147483648; IPC$: 2147483651, Win32_Share docs); print$ is the printer
 * drivers' folder Windows shares with Everyone by design. A share of one's own ending in $ (Data$) is only hidden
 * from browsing: anyone who types its name opens it, so it is checked like any other.
 */
export const SHARING_WINDOWS_SCRIPT = String.raw`
function Sid-Of($name) {
  if ($name -match '^S-1-') { return $name }
  try { (New-Object System.Security.Principal.NTAccount($name)).Translate([System.Security.Principal.SecurityIdentifier]).Value } catch { $null }
}
$r = [ordered]@{}
try {
  $r.shares = @(Get-CimInstance -ClassName Win32_Share -Filter 'Type=0' | Where-Object { $_.Name -ne 'print$' } | ForEach-Object {
    $s = $_
    try {
      $share = @(Get-SmbShareAccess -Name $s.Name | ForEach-Object { [ordered]@{ account = [string]$_.AccountName; sid = (Sid-Of ([string]$_.AccountName)); allow = ([int]$_.AccessControlType -eq 0) } })
    } catch { $share = @{ error = $_.Exception.Message } }
    try {
      $acl = Get-Acl -LiteralPath $s.Path
      if ($acl.GetSecurityDescriptorSddlForm('Access') -match 'NO_ACCESS_CONTROL') { $ntfs = [ordered]@{ nullDacl = $true } }
      else { $ntfs = @($acl.Access | ForEach-Object { [ordered]@{ account = [string]$_.IdentityReference.Value; sid = (Sid-Of ([string]$_.IdentityReference.Value)); allow = ([int]$_.AccessControlType -eq 0) } }) }
    } catch { $ntfs = @{ error = $_.Exception.Message } }
    [ordered]@{ name = [string]$s.Name; path = [string]$s.Path; share = $share; ntfs = $ntfs }
  })
} catch { $r.shares = @{ error = $_.Exception.Message } }
try { $r.smb1 = [bool](Get-SmbServerConfiguration).EnableSMB1Protocol } catch { $r.smb1 = @{ error = $_.Exception.Message } }
$r
`.trim();

const Ace = z.object({ account: z.string(), sid: z.string().nullable(), allow: z.boolean() });

export const WindowsSharingAnswer = z.object({
  shares: z.union([
    Failed,
    z.array(z.object({ name: z.string(), path: z.string(), share: z.union([Failed, z.array(Ace)]), ntfs: z.union([Failed, z.object({ nullDacl: z.literal(true) }), z.array(Ace)]) })),
  ]),
  smb1: z.union([Failed, z.boolean()]),
});
export type WindowsSharingAnswer = z.infer<typeof WindowsSharingAnswer>;

/** The well-known SIDs of "anyone": Everyone, the Guests group, ANONYMOUS LOGON, and the built-in Guest account (RID 501). */
export function isAnyoneSid(sid: string | null): boolean {
  return sid !== null && (['S-1-1-0', 'S-1-5-32-546', 'S-1-5-7'].includes(sid) || /^S-1-5-21-\d+-\d+-\d+-501$/.test(sid));
}

/** Whether an access list lets anyone in: an Allow entry for one of the SIDs above, and no Deny entry for Everyone. */
export const allowsAnyone = (aces: readonly z.infer<typeof Ace>[]): boolean =>
  aces.some((a) => a.allow && isAnyoneSid(a.sid)) && !aces.some((a) => !a.allow && a.sid === 'S-1-1-0');
