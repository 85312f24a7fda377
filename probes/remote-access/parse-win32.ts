/** The Windows script of the remote-access probe and the zod schema of its answer (tested in remote-access.test.ts). */
import { z } from 'zod';
import { WindowsRdpValues } from './parse.ts';
import { Failed } from '../../src/powershell.ts';

/**
 * One PowerShell run, registry values and enums as numbers, no localized text:
 * - EditionID (Home editions, `Core…`, cannot accept Remote Desktop connections);
 * - the Remote Desktop switches and their Group Policy values (WindowsRdpValues in parse.ts;
 *   learn.microsoft.com "Allow users to connect remotely by using Remote Desktop Services" and "Require user
 *   authentication for remote connections by using Network Level Authentication");
 * - the OpenSSH server (Windows' optional feature, service sshd): whether it runs (Status 4) or starts at boot
 *   (StartType 2), and the text of %ProgramData%\ssh\sshd_config, which the probe reads like Linux's.
 * Each source has its own try/catch so that one failure costs only its own facts.
 */
export const REMOTE_ACCESS_WINDOWS_SCRIPT = String.raw`
function Read-Dword($path, $name) {
  try { $v = (Get-ItemProperty -LiteralPath $path -ErrorAction Stop).$name } catch [System.Management.Automation.ItemNotFoundException] { return $null }
  if ($null -eq $v) { $null } else { [int]$v }
}
$r = [ordered]@{}
try { $r.edition = [string](Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion').EditionID } catch { $r.edition = @{ error = $_.Exception.Message } }
try {
  $ts = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
  $pol = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
  $tcp = "$ts\WinStations\RDP-Tcp"
  $r.rdp = [ordered]@{
    fDenyTSConnections = Read-Dword $ts 'fDenyTSConnections'; policyDeny = Read-Dword $pol 'fDenyTSConnections'
    userAuthentication = Read-Dword $tcp 'UserAuthentication'; policyUserAuthentication = Read-Dword $pol 'UserAuthentication'
    securityLayer = Read-Dword $tcp 'SecurityLayer'; policySecurityLayer = Read-Dword $pol 'SecurityLayer'
  }
} catch { $r.rdp = @{ error = $_.Exception.Message } }
try {
  $svc = Get-Service -Name sshd -ErrorAction SilentlyContinue
  if ($null -eq $svc) { $r.sshd = $null } else {
    $conf = Join-Path $env:ProgramData 'ssh\sshd_config'
    try { $text = if (Test-Path -LiteralPath $conf) { [IO.File]::ReadAllText($conf) } else { $null } } catch { $text = @{ error = $_.Exception.Message } }
    $r.sshd = [ordered]@{ running = ([int]$svc.Status -eq 4); startType = [int]$svc.StartType; config = $text }
  }
} catch { $r.sshd = @{ error = $_.Exception.Message } }
$r
`.trim();


export const WindowsRemoteAccessAnswer = z.object({
  edition: z.union([Failed, z.string()]),
  rdp: z.union([Failed, WindowsRdpValues]),
  sshd: z.union([Failed, z.object({ running: z.boolean(), startType: z.number().int(), config: z.union([Failed, z.string()]).nullable() })]).nullable(),
});
export type WindowsRemoteAccessAnswer = z.infer<typeof WindowsRemoteAccessAnswer>;

/** System.ServiceProcess.ServiceStartMode Automatic, as PowerShell 5.1 writes it. */
export const SERVICE_AUTOMATIC = 2;
