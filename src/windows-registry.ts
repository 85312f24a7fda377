/**
 * Reading registry keys in a PowerShell script (src/powershell.ts), the same way in every probe that does: the
 * Read-Key function, the zod schema of what it answers, and the console user's hive put into a script.
 */
import { z } from 'zod';
import { Failed } from './powershell.ts';

/**
 * Read-Key <path> <names>: the named values of one key as an object with `exists: $true` (an absent value is
 * null), `exists: $false` when the key is not there, or `{ error }` when it could not be read — so that one
 * unreadable key costs only its own facts.
 */
export const READ_KEY_FUNCTION = String.raw`function Read-Key([string]$path, [string[]]$names) {
  try {
    if (-not (Test-Path -LiteralPath $path)) { return [pscustomobject]@{ exists = $false } }
    $p = Get-ItemProperty -LiteralPath $path
    $o = [ordered]@{ exists = $true }
    foreach ($n in $names) { $o[$n] = $p.$n }
    return [pscustomobject]$o
  } catch { return [pscustomobject]@{ error = $_.Exception.Message } }
}`;

/** A registry value as ConvertTo-Json writes it: REG_DWORD a number, REG_SZ a string, absent null. */
export const RegistryValue = z.union([z.string(), z.number()]).nullable().optional();
/** What Read-Key answers. */
export const RegistryKey = z.union([Failed, z.object({ exists: z.literal(false) }), z.looseObject({ exists: z.literal(true) }).catchall(RegistryValue)]);
export type RegistryKey = z.infer<typeof RegistryKey>;

/**
 * A script that reads the console user's hive, HKEY_USERS\<sid> (HKCU would be SYSTEM's own hive when tenken runs
 * as a service): `__SID__` in `script` becomes the SID, which must look like one, so nothing else can get in.
 */
export function scriptForUser(script: string, sid: string): string {
  if (!/^S-1-[0-9-]+$/.test(sid)) throw new Error(`not a SID: ${sid}`);
  return script.replace('__SID__', sid);
}

/**
 * Which loaded user hives under HKEY_USERS hold a person's settings: local and domain accounts (S-1-5-21-…) and
 * Entra ID accounts (S-1-12-1-…, the users of an Entra-joined PC), not the service hives (S-1-5-18/19/20) nor the
 * `<sid>_Classes` hives.
 */
export const USER_HIVE_SID = /^S-1-(5-21|12-1)-[0-9-]+$/;

/**
 * A PowerShell expression: the SIDs of the loaded user hives, as an array. Only the names are enumerated, never
 * `Get-ChildItem Registry::HKEY_USERS`: that opens every hive, and a standard user may not open S-1-5-19 (batch
 * scripts test for elevation with `reg query HKU\S-1-5-19`), S-1-5-20 or another signed-in user's hive. The
 * registry provider writes an error for each key it cannot open (RegistryProvider.GetChildItems,
 * github.com/PowerShell/PowerShell src/System.Management.Automation/namespaces/RegistryProvider.cs), and the
 * wrapper's $ErrorActionPreference='Stop' turns that error into the end of the whole script.
 */
export const LOADED_USER_SIDS = String.raw`@([Microsoft.Win32.Registry]::Users.GetSubKeyNames() | Where-Object { $_ -match '${USER_HIVE_SID.source}' })`;
