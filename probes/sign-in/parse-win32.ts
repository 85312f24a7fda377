/** The Windows script of the sign-in probe and the zod schema of its answer (tested in sign-in.test.ts). */
import { z } from 'zod';
import { Failed } from '../../src/powershell.ts';

/**
 * One PowerShell run, no localized text:
 * - HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon AutoAdminLogon ("1" signs DefaultUserName in at
 *   start-up, learn.microsoft.com/troubleshoot/windows-server/user-profiles-and-logon/turn-on-automatic-logon) and
 *   whether a DefaultPassword value exists — its value is never read;
 * - Get-LocalUser: name, SID, Enabled, PasswordRequired of every local account (the built-in Guest is SID …-501);
 * - the local policy's minimum password length, the SAM's USER_MODALS_INFO_0.usrmod0_min_passwd_len, as the WinNT
 *   ADSI provider gives it (MinPasswordLength) on the built-in Administrator's user object — the same number for
 *   every account, readable without admin rights — because `net accounts` prints localized labels and
 *   `secedit /export` needs administrator rights. Not tried on a PC of ours: learn.microsoft.com's WinNT schema
 *   table lists MinPasswordLength under the Domain class, so where a user object does not carry it, InvokeGet
 *   throws and the fact is unknown with PowerShell's message, never a guessed number.
 * Each source has its own try/catch so that one failure costs only its own facts.
 */
export const SIGN_IN_WINDOWS_SCRIPT = String.raw`
$r = [ordered]@{}
try {
  $w = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
  $r.winlogon = [ordered]@{ autoAdminLogon = [string]$w.AutoAdminLogon; defaultUserName = [string]$w.DefaultUserName; hasDefaultPassword = $null -ne $w.DefaultPassword }
} catch { $r.winlogon = @{ error = $_.Exception.Message } }
$admin = $null
try {
  $r.users = @(Get-LocalUser | ForEach-Object {
    if ($_.SID.Value -like '*-500') { $admin = $_.Name }
    [ordered]@{ name = [string]$_.Name; sid = [string]$_.SID.Value; enabled = [bool]$_.Enabled; passwordRequired = [bool]$_.PasswordRequired }
  })
} catch { $r.users = @{ error = $_.Exception.Message } }
try {
  if ($null -eq $admin) { throw 'no built-in Administrator account (SID -500) was listed' }
  $r.minPasswordLength = [int]([ADSI]"WinNT://$env:COMPUTERNAME/$admin,user").InvokeGet('MinPasswordLength')
} catch { $r.minPasswordLength = @{ error = $_.Exception.Message } }
$r
`.trim();


export const WindowsSignInAnswer = z.object({
  winlogon: z.union([Failed, z.object({ autoAdminLogon: z.string(), defaultUserName: z.string(), hasDefaultPassword: z.boolean() })]),
  users: z.union([Failed, z.array(z.object({ name: z.string(), sid: z.string(), enabled: z.boolean(), passwordRequired: z.boolean() }))]),
  minPasswordLength: z.union([Failed, z.number().int().nonnegative()]),
});
export type WindowsSignInAnswer = z.infer<typeof WindowsSignInAnswer>;
