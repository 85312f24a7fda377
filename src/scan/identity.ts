/**
 * Who this device is, through the Host (so recorded and replayed like everything else): on Linux the OS's own
 * files (linux-identity.ts), on Windows one PowerShell script, on macOS systeminformation's OS, system and UUID
 * answers. The device id is derived from the OS installation's id, hashed so that the raw id never leaves the
 * machine.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Host } from '../host/host.ts';
import { runPowerShell } from '../powershell.ts';
import type { Report } from '../report/schema.ts';
import { linuxDeviceFacts, type DeviceFacts } from './linux-identity.ts';

/** Placeholders vendors and containers put in DMI fields; they identify nothing. */
const NOT_A_VALUE = new Set(['', '-', '0', 'none', 'default string', 'to be filled by o.e.m.', 'system serial number', 'not specified', '00000000-0000-0000-0000-000000000000']);
const value = (s: string | undefined) => (s === undefined || NOT_A_VALUE.has(s.trim().toLowerCase()) ? null : s.trim());

export function deviceIdFrom(seed: string): string {
  const h = createHash('sha256').update(`tenken-device:${seed}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Windows: one PowerShell process instead of systeminformation's half-dozen (its osInfo alone starts four and
 * reads the localized Caption). Registry CurrentVersion for the OS — Windows 11 still says "Windows 10" in
 * ProductName, so the build decides (≥ 22000 is Windows 11) — and CIM for the hardware. Every read is guarded:
 * a broken WMI repository (or a registry read refused) leaves its fields null instead of failing the script and
 * with it the whole scan; the build then comes from [Environment]::OSVersion, which needs neither.
 */
export const WINDOWS_IDENTITY_SCRIPT = String.raw`
$cv = try { Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' } catch { $null }
$cs = try { Get-CimInstance -ClassName Win32_ComputerSystem } catch { $null }
$build = if ($cv) { $cv.CurrentBuild } else { [string][Environment]::OSVersion.Version.Build }
$serial = try { (Get-CimInstance -ClassName Win32_BIOS).SerialNumber } catch { $null }
$uuid = try { (Get-CimInstance -ClassName Win32_ComputerSystemProduct).UUID } catch { $null }
$guid = try { (Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Cryptography').MachineGuid } catch { $null }
$macs = try { @(Get-CimInstance -ClassName Win32_NetworkAdapter -Filter 'PhysicalAdapter=True' | Where-Object { $_.MACAddress } | ForEach-Object { $_.MACAddress }) } catch { @() }
[pscustomobject]@{
  hostname = $env:COMPUTERNAME; dnsHostName = $cs.DNSHostName
  productName = $cv.ProductName; editionId = $cv.EditionID; displayVersion = $cv.DisplayVersion; currentBuild = $build; ubr = $cv.UBR
  arch = $env:PROCESSOR_ARCHITECTURE; manufacturer = $cs.Manufacturer; model = $cs.Model
  serial = $serial; uuid = $uuid; machineGuid = $guid; macs = $macs
}`;

const WindowsIdentity = z.object({
  hostname: z.string(),
  dnsHostName: z.string().nullish(),
  productName: z.string().nullish(),
  editionId: z.string().nullish(),
  displayVersion: z.string().nullish(),
  currentBuild: z.string(),
  ubr: z.number().nullish(),
  arch: z.string().nullish(),
  manufacturer: z.string().nullish(),
  model: z.string().nullish(),
  serial: z.string().nullish(),
  uuid: z.string().nullish(),
  machineGuid: z.string().nullish(),
  macs: z.union([z.array(z.string()), z.string()]).nullish(),
});

/** "Windows 10 Pro" on build 26100 is Windows 11 Pro (ProductName was never updated for 11). */
export function windowsName(productName: string | null | undefined, build: number): string {
  const name = productName ?? 'Windows';
  return build >= 22000 ? name.replace(/Windows 10\b/, 'Windows 11') : name;
}

async function windowsFacts(host: Host): Promise<DeviceFacts> {
  const answer = await runPowerShell(host, WINDOWS_IDENTITY_SCRIPT);
  if (!answer.ok) throw new Error(`cannot identify this Windows device: ${answer.reason}`);
  const w = WindowsIdentity.parse(answer.value);
  const build = Number(w.currentBuild);
  const arch = { AMD64: 'x64', ARM64: 'arm64', x86: 'ia32' }[w.arch ?? ''] ?? w.arch ?? '';
  return {
    hostnames: [w.hostname, w.dnsHostName ?? ''],
    osId: value(w.machineGuid ?? undefined),
    os: { name: windowsName(w.productName, build), version: w.displayVersion ?? '', build: `${w.currentBuild}${w.ubr != null ? `.${w.ubr}` : ''}`, kernel: `10.0.${w.currentBuild}`, arch },
    hardware: {
      manufacturer: value(w.manufacturer ?? undefined),
      model: value(w.model ?? undefined),
      serial: value(w.serial ?? undefined),
      uuid: value(w.uuid ?? undefined),
      macs: (Array.isArray(w.macs) ? w.macs : w.macs ? [w.macs] : []).map((m) => m.toLowerCase().replaceAll('-', ':')),
      // Model names hypervisors report; anything else is not known to be physical either.
      virtual: /virtual machine|vmware|virtualbox|kvm|qemu|hvm domu/i.test(w.model ?? '') ? true : null,
    },
  };
}

/** macOS, and Linux recordings made before tenken read Linux's files itself: systeminformation's osInfo, system and uuid. */
async function systeminformationFacts(host: Host): Promise<DeviceFacts> {
  const [os, system, uuid] = await Promise.all([host.si('osInfo'), host.si('system'), host.si('uuid')]);
  return {
    hostnames: [os.hostname, os.fqdn],
    osId: value(uuid.os),
    os: { name: os.distro, version: os.release, build: os.build ?? '', kernel: os.kernel, arch: os.arch },
    hardware: {
      manufacturer: value(system.manufacturer),
      model: value(system.model),
      serial: value(system.serial),
      // systeminformation's uuid() puts the serial number in `hardware` on macOS (from SPHardwareDataType's
      // serial_number); system().uuid is IOPlatformUUID there, the hardware UUID the Mac itself shows.
      uuid: host.platform === 'darwin' ? value(system.uuid) : (value(uuid.hardware) ?? value(system.uuid)),
      macs: (uuid.macs ?? []).filter((m) => m && m !== '00:00:00:00:00:00'),
      virtual: typeof system.virtual === 'boolean' ? system.virtual : null,
    },
  };
}

function factsOf(host: Host): Promise<DeviceFacts> {
  if (host.platform === 'win32') return windowsFacts(host);
  if (host.platform === 'linux' && host.linuxIdentity === 'files') return linuxDeviceFacts(host, value);
  return systeminformationFacts(host);
}

export async function collectIdentity(host: Host): Promise<Report['device']> {
  const { hostnames, osId, os, hardware } = await factsOf(host);
  // Marked for a recording's redaction; the seed of the device id is hashed, so the raw id never leaves the machine.
  for (const v of hostnames) if (v) host.identifying('hostname', v);
  if (hardware.serial) host.identifying('serial', hardware.serial);
  for (const v of [hardware.uuid, osId]) if (v) host.identifying('uuid', v);
  for (const mac of hardware.macs) host.identifying('mac', mac);
  return {
    id: deviceIdFrom(osId ?? hardware.uuid ?? hardware.serial ?? hostnames[0]!),
    hostname: hostnames[0]!,
    os: { platform: host.platform, ...os },
    hardware,
  };
}
