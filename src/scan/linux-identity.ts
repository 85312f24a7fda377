/**
 * A Linux device's identity from the files the kernel and the OS keep, read through the Host (so recorded and
 * replayed like every other answer): os-release, the machine id, DMI, the kernel's host name and release, the
 * network adapters, and `uname -m`. systeminformation answered this before and still does for recordings made
 * then (Host.linuxIdentity); it started 14 shells for it, 8 with execSync, each stopping the event loop for
 * 40–140 ms while the probes' commands waited to start or to be read.
 */
import { PermissionDeniedError } from '../host/errors.ts';
import type { Host } from '../host/host.ts';
import { parseOsRelease } from '../os-release.ts';
import { runIfInstalled } from '../probe.ts';
import type { Report } from '../report/schema.ts';

/** What identity.ts turns into the report's device: the same facts every platform gives. */
export interface DeviceFacts {
  readonly hostnames: readonly string[];
  /** The OS installation's own id (machine-id, MachineGuid): the device id's first seed. */
  readonly osId: string | null;
  readonly os: Omit<Report['device']['os'], 'platform'>;
  readonly hardware: Report['device']['hardware'];
}

const DMI = '/sys/class/dmi/id';
const NET = '/sys/class/net';

/** The OS name and version a person reads, as systeminformation derived them: "Ubuntu" "22.04.3 LTS", "Debian GNU/Linux" "12". */
export function osNameAndVersion(os: Record<string, string>): { name: string; version: string } {
  // os-release(5): NAME defaults to "Linux".
  const name = os.NAME || 'Linux';
  const pretty = os.PRETTY_NAME ?? '';
  // PRETTY_NAME carries the point release (Ubuntu's "22.04.3 LTS") where VERSION_ID does not; a codename in
  // parentheses is not part of the version.
  const version = (pretty.startsWith(`${name} `) ? pretty.slice(name.length + 1) : (os.VERSION ?? '')).split('(')[0]!.trim();
  return { name, version: version || os.VERSION_ID || '' };
}

/** `uname -m` in Node's names (what process.arch says on that machine). */
export function nodeArch(machine: string): string {
  const m = machine.trim();
  return { x86_64: 'x64', amd64: 'x64', aarch64: 'arm64', armv7l: 'arm', armv6l: 'arm', i386: 'ia32', i486: 'ia32', i586: 'ia32', i686: 'ia32', ppc64le: 'ppc64', s390x: 's390x', riscv64: 'riscv64' }[m] ?? m;
}

/**
 * Whether this is a virtual machine: the DMI names hypervisors give their machines, WSL's kernel, or the CPU's
 * `hypervisor` flag (set by every x86 hypervisor). Without a flags line (ARM) and no other sign, unknown.
 */
export function isVirtual(dmi: { vendor: string | null; model: string | null }, kernel: string, cpuinfo: string | undefined): boolean | null {
  if (/^(virtualbox|kvm|bochs|virtual machine|vmware|droplet|standard pc|google compute engine|hvm domu)/i.test(dmi.model ?? '')) return true;
  if (/^(vmware|xen|qemu|innotek|parallels|amazon ec2)/i.test(dmi.vendor ?? '')) return true;
  if (/microsoft|wsl2$/i.test(kernel)) return true;
  const flags = /^flags\s*:(.*)\n/m.exec(cpuinfo ?? '')?.[1];
  return flags === undefined ? null : flags.split(/\s+/).includes('hypervisor');
}

export async function linuxDeviceFacts(host: Host, notAValue: (s: string | undefined) => string | null): Promise<DeviceFacts> {
  // A file root alone may read (product_serial, product_uuid) is as unknown as a missing one.
  const read = (path: string, options?: { maxBytes: number }) =>
    host.readFile(path, options).catch((e: unknown) => {
      if (e instanceof PermissionDeniedError) return undefined;
      throw e;
    });
  const field = async (path: string) => notAValue((await read(path))?.trim());
  const [osRelease, hostname, kernel, machine, machineId, vendor, model, serial, uuid, cpuinfo, macs] = await Promise.all([
    read('/etc/os-release').then(async (t) => t ?? (await read('/usr/lib/os-release'))),
    read('/proc/sys/kernel/hostname'),
    read('/proc/sys/kernel/osrelease'),
    runIfInstalled(host, 'uname', ['-m']),
    // systeminformation's order (D-Bus's copy first), so that device ids stay what they were.
    read('/var/lib/dbus/machine-id').then(async (t) => t ?? (await read('/etc/machine-id'))),
    field(`${DMI}/sys_vendor`),
    field(`${DMI}/product_name`),
    field(`${DMI}/product_serial`),
    field(`${DMI}/product_uuid`),
    // The first processor's flags line is within its first few kilobytes.
    read('/proc/cpuinfo', { maxBytes: 4096 }),
    physicalMacs(host),
  ]);
  const os = parseOsRelease(osRelease ?? '');
  const { name, version } = osNameAndVersion(os);
  const release = kernel?.trim() ?? '';
  return {
    hostnames: [hostname?.trim() ?? ''],
    osId: notAValue(machineId?.trim().toLowerCase()),
    os: { name, version, build: os.BUILD_ID ?? '', kernel: release, arch: nodeArch(machine?.stdout ?? '') },
    hardware: { manufacturer: vendor, model, serial, uuid: uuid?.toLowerCase() ?? null, macs, virtual: isVirtual({ vendor, model }, release, cpuinfo) },
  };
}

/**
 * The MAC addresses of the network adapters that are hardware (a `device` link in sysfs; not lo, bridges, veth,
 * tunnels), sorted: the same set whether or not a cable or Wi-Fi is connected.
 */
async function physicalMacs(host: Host): Promise<string[]> {
  const names = (await host.listDir(NET)) ?? [];
  const macs = await Promise.all(
    names.map(async (n) => ((await host.stat(`${NET}/${n}/device`)) ? (await host.readFile(`${NET}/${n}/address`))?.trim().toLowerCase() : undefined)),
  );
  return [...new Set(macs.filter((m): m is string => !!m && m !== '00:00:00:00:00:00'))].sort();
}
