/** Pure parsers of the clock-sync probe and its Windows script (tested in clock-sync.test.ts). */
import { z } from 'zod';
import { Failed } from '../../src/powershell.ts';

/** `timedatectl show` prints one `Property=value` per line; later lines win, lines without `=` are skipped. */
export function parseKeyValues(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return out;
}

/** systemd prints booleans as yes/no. */
export function parseYesNo(v: string | undefined): boolean | null {
  return v === 'yes' ? true : v === 'no' ? false : null;
}

/**
 * W32Time's HKLM\SYSTEM\CurrentControlSet\Services\W32Time\Parameters Type: NoSync (no synchronisation), NTP (the
 * servers in NtpServer; "Set time automatically" in Settings), NT5DS (the domain hierarchy), AllSync (every source)
 * (learn.microsoft.com/windows-server/networking/windows-time-service/windows-time-service-tools-and-settings).
 * Null for any other value.
 */
export function w32timeTypeSyncs(type: string): boolean | null {
  const t = type.trim().toLowerCase();
  if (['ntp', 'nt5ds', 'allsync'].includes(t)) return true;
  return t === 'nosync' ? false : null;
}

/** System.ServiceProcess.ServiceStartMode as PowerShell 5.1 writes it: 4 is Disabled (0 Boot, 1 System, 2 Automatic, 3 Manual). */
export const SERVICE_DISABLED = 4;

/**
 * `systemsetup -getusingnetworktime` prints `Network Time: On` or `Network Time: Off` (systemsetup(8); its
 * messages are not localized). Null for anything else.
 */
export function parseNetworkTime(stdout: string): boolean | null {
  const m = /^Network Time:\s*(On|Off)\s*$/im.exec(stdout);
  return m ? m[1]!.toLowerCase() === 'on' : null;
}

/**
 * One PowerShell run: the Type value and the W32Time service's start type, both without localized text.
 * Windows 10/11 start W32Time on demand (trigger start), so a stopped service is normal; only Disabled stops it.
 */
export const CLOCK_SYNC_WINDOWS_SCRIPT = String.raw`
$r = [ordered]@{}
try { $r.type = [string](Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\W32Time\Parameters' -ErrorAction Stop).Type } catch { $r.type = @{ error = $_.Exception.Message } }
try { $r.startType = [int](Get-Service -Name W32Time -ErrorAction Stop).StartType } catch { $r.startType = @{ error = $_.Exception.Message } }
$r
`.trim();

export const WindowsClockAnswer = z.object({ type: z.union([Failed, z.string()]), startType: z.union([Failed, z.number().int()]) });
