/**
 * Whole machines for end-to-end tests, composed from the probes' own fixtures (each real or assembled from
 * published outputs, see their `source:`), plus an identity section. The identity answers are hand-made (Linux:
 * the files linux-identity.ts reads; macOS: the shape systeminformation 5 returns) and say so.
 */
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Platform } from '../../src/host/host.ts';
import { loadRecording, Recording, type RecordingInput } from '../../src/host/recording.ts';
import { WINDOWS_IDENTITY_SCRIPT } from '../../src/scan/identity.ts';

const PROBES_DIR = join(import.meta.dirname, '..', '..', 'probes');

/**
 * A Linux laptop's identity as src/scan/linux-identity.ts reads it (a ThinkPad X1 Carbon Gen 10 with Ubuntu's
 * os-release layout). Hand-made: the values are invented, the file formats are the kernel's (sysfs, procfs).
 */
export function identity(os: { distro: string; release: string; codename: string; hostname: string }): RecordingInput['sections'][string] {
  const dmi = { sys_vendor: 'LENOVO', product_name: '21CB', product_serial: 'PF3ABCDE', product_uuid: '4c4c4544-0042-3510-8052-b4c04f4e4d32' };
  return [
    { read: '/etc/os-release', text: `NAME="${os.distro}"\nPRETTY_NAME="${os.distro} ${os.release}"\nVERSION_ID="${os.release.split(' ')[0]}"\nVERSION_CODENAME=${os.codename}\n` },
    { read: '/proc/sys/kernel/hostname', text: `${os.hostname}\n` },
    { read: '/proc/sys/kernel/osrelease', text: '6.8.0-48-generic\n' },
    { run: ['uname', '-m'], stdout: 'x86_64\n' },
    { read: '/var/lib/dbus/machine-id', text: '6f1c0a2b9d8e4f7a8b6c5d4e3f2a1b0c\n' },
    ...Object.entries(dmi).map(([file, text]) => ({ read: `/sys/class/dmi/id/${file}`, text: `${text}\n` })),
    // The head of an Alder Lake laptop's /proc/cpuinfo: a flags line without `hypervisor`, so not a virtual machine.
    { read: '/proc/cpuinfo', maxBytes: 4096, text: 'processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: 12th Gen Intel(R) Core(TM) i7-1260P\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf tsc_known_freq pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch\nbogomips\t: 4992.00\n' },
    { list: '/sys/class/net', entries: ['lo', 'wlp0s20f3'] },
    { stat: '/sys/class/net/lo/device', error: 'missing' },
    { stat: '/sys/class/net/wlp0s20f3/device', type: 'directory', size: 0, mtime: '2026-11-20T08:00:00.000Z' },
    { read: '/sys/class/net/wlp0s20f3/address', text: 'a4:2b:b0:11:22:33\n' },
  ];
}

/** One recording from one fixture per probe; the console-user lookup comes from the fixtures that have one, which must agree. */
export async function composeMachine(options: {
  readonly source: string;
  readonly platform?: Platform;
  readonly recordedAt: string;
  readonly isAdmin: boolean;
  readonly identity: RecordingInput['sections'][string];
  readonly fixtures: Readonly<Record<string, string>>;
}): Promise<Recording> {
  const sections: Record<string, RecordingInput['sections'][string]> = { identity: options.identity };
  const sources: string[] = [];
  for (const [probe, fixture] of Object.entries(options.fixtures)) {
    const rec = await loadRecording(join(PROBES_DIR, probe, 'fixtures', `${fixture}.yaml`));
    for (const [name, answers] of Object.entries(rec.sections)) {
      // Probes that read the console user's settings each carry the same console-user lookup.
      if (sections[name] && isDeepStrictEqual(sections[name], answers)) continue;
      if (sections[name]) throw new Error(`two fixtures answer section ${name} differently`);
      sections[name] = answers;
    }
    sources.push(`${probe}: ${fixture}`);
  }
  return Recording.parse({
    tenkenRecording: 1,
    source: `${options.source} — composed from probe fixtures (${sources.join('; ')}); identity hand-made`,
    platform: options.platform ?? 'linux',
    isAdmin: options.isAdmin,
    recordedAt: options.recordedAt,
    sections,
  });
}

/** A well-kept Ubuntu laptop: every baseline check passes or does not apply. */
export const compliantLaptop = () =>
  composeMachine({
    source: 'Ubuntu GNOME laptop, everything in order',
    recordedAt: '2020-11-20T09:00:00.000Z',
    isAdmin: true,
    identity: identity({ distro: 'Ubuntu', release: '18.04.5 LTS', codename: 'bionic', hostname: 'PC-SALES-012' }),
    fixtures: {
      'os-updates': 'linux-ubuntu1804-up-to-date-unattended',
      antivirus: 'linux-mdatp-passive',
      'screen-lock': 'linux-gnome-defaults',
      'disk-encryption': 'linux-debian12-lvm-on-luks',
      wifi: 'linux-wpa2-personal',
      firewall: 'linux-ufw-active-deny',
      'sign-in': 'linux-ubuntu-gdm-pwquality',
      'clock-sync': 'linux-synchronised',
      backup: 'linux-gnome-deja-dup-weekly',
      sharing: 'linux-ubuntu-nothing-shared',
      'remote-access': 'linux-ubuntu-no-remote-access',
      browsers: 'linux-debian12-firefox-esr',
      'p2p-software': 'linux-debian12-ci',
      'office-macros': 'linux-ubuntu-libreoffice-default',
    },
  });

/** A neglected laptop: end of life, open Wi-Fi, no lock, no encryption, no firewall. */
export const neglectedLaptop = () =>
  composeMachine({
    source: 'neglected laptop',
    recordedAt: '2026-11-20T09:00:00.000Z',
    isAdmin: true,
    identity: identity({ distro: 'Ubuntu', release: '18.04.6 LTS', codename: 'bionic', hostname: 'old-laptop<script>alert(1)</script>\u001b[31m' }),
    fixtures: {
      'os-updates': 'linux-ubuntu1804-end-of-life',
      antivirus: 'linux-clamav-stale-daemon-inactive',
      'screen-lock': 'linux-gnome-idle-never',
      'disk-encryption': 'linux-unencrypted-laptop',
      wifi: 'linux-open-network',
      firewall: 'linux-ufw-inactive',
      'sign-in': 'linux-ubuntu-gdm-autologin',
      'clock-sync': 'linux-ntp-off',
      backup: 'linux-gnome-deja-dup-stale',
      sharing: 'linux-samba-guest-shares',
      'remote-access': 'linux-debian12-openssh-root',
      browsers: 'linux-ubuntu-snap-safebrowsing-off',
      'p2p-software': 'linux-qbittorrent-nox-server',
      'office-macros': 'linux-libreoffice-low',
    },
  });

/** Windows 11 Pro 24H2, Japanese, Defender, BitLocker, WPA2: the probes' win32-11-pro-ja fixtures together. */
export const windowsProJa = () =>
  composeMachine({
    source: 'Windows 11 Pro 24H2 ja-JP',
    platform: 'win32',
    recordedAt: '2025-08-20T01:30:00.000Z',
    isAdmin: true,
    identity: [
      {
        powershell: WINDOWS_IDENTITY_SCRIPT,
        stdout:
          '{"hostname":"PC-SOUMU-03","dnsHostName":"PC-SOUMU-03","productName":"Windows 10 Pro","editionId":"Professional","displayVersion":"24H2","currentBuild":"26100","ubr":4946,"arch":"AMD64","manufacturer":"LENOVO","model":"21HD","serial":"PF4XYZ12","uuid":"2A8E5F0C-1B3D-11B2-A85C-9F4D2E3C1B0A","machineGuid":"0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f","macs":["AC:67:5D:12:34:56"]}\r\n',
      },
    ],
    fixtures: {
      'os-updates': 'win32-11-pro-ja-24h2-up-to-date',
      antivirus: 'win32-11-pro-ja-defender-healthy',
      'screen-lock': 'win32-11-pro-ja',
      'disk-encryption': 'win32-win11-pro-ja-bitlocker-on',
      wifi: 'win32-11-pro-ja-wpa2',
      firewall: 'win32-11-pro-ja-jp',
      'sign-in': 'win32-11-pro-ja',
      'clock-sync': 'win32-11-pro-ja',
      backup: 'win32-11-pro-ja',
      sharing: 'win32-11-pro-ja',
      'remote-access': 'win32-11-pro-ja',
      browsers: 'win32-11-pro-ja',
      'p2p-software': 'win32-11-pro-ja',
      'office-macros': 'win32-11-pro-ja',
    },
  });

/**
 * The same Windows 11 PC with Windows Update paused (a restart pending, nothing installing): its security
 * updates are current, so 自社診断 No.1 is partly implemented — the main measures pass, supplementary ones fail.
 */
export const windowsUpdatesPaused = async () => {
  const pc = await windowsProJa();
  const paused = await loadRecording(join(PROBES_DIR, 'os-updates', 'fixtures', 'win32-11-pro-standard-user-paused.yaml'));
  return Recording.parse({ ...pc, source: `${pc.source}; os-updates: win32-11-pro-standard-user-paused instead`, sections: { ...pc.sections, 'os-updates': paused.sections['os-updates'] } });
};

/** A MacBook Air on macOS 15 (Apple silicon): FileVault, XProtect, WPA3, firewall with stealth mode. */
export const macbookAir = () =>
  composeMachine({
    source: 'MacBook Air, macOS 15 Sequoia, Apple silicon',
    platform: 'darwin',
    recordedAt: '2025-08-20T01:30:00.000Z',
    isAdmin: true,
    identity: [
      { si: 'osInfo', result: { platform: 'darwin', distro: 'macOS', release: '15.6', codename: 'macOS Sequoia', kernel: '24.6.0', arch: 'arm64', hostname: 'Hanakos-MacBook-Air.local', fqdn: 'Hanakos-MacBook-Air.local', build: '24G84', serial: 'C02XK1ABCDEF', uefi: true } },
      // In the shape systeminformation 5.33 gives on macOS: system() from `ioreg -c IOPlatformExpertDevice`
      // (IOPlatformUUID lower-cased, the model's marketing name as version, target-sub-type as sku), uuid() from
      // SPHardwareDataType with the serial number as `hardware` (lib/system.js, lib/osinfo.js).
      { si: 'system', result: { manufacturer: 'Apple Inc.', model: 'Mac14,2', version: 'MacBook Air (13-inch, M2, 2022)', serial: 'C02XK1ABCDEF', uuid: '8f4c2a6e-3b1d-5e7f-9a0c-1b2d3e4f5a6b', sku: 'J413AP', virtual: false } },
      { si: 'uuid', result: { os: '8f4c2a6e-3b1d-5e7f-9a0c-1b2d3e4f5a6b', hardware: 'C02XK1ABCDEF', macs: ['5c:e9:1e:12:34:56'] } },
    ],
    fixtures: {
      'os-updates': 'darwin-15-apple-silicon-up-to-date',
      antivirus: 'darwin-15-apple-silicon-xprotect-current',
      'screen-lock': 'darwin-15-apple-silicon',
      'disk-encryption': 'darwin-macos15-apple-silicon-filevault-on',
      wifi: 'darwin-15-root-redacted-wpa3',
      firewall: 'darwin-15-apple-silicon-stealth',
      'sign-in': 'darwin-15-apple-silicon',
      'clock-sync': 'darwin-15-apple-silicon',
      backup: 'darwin-15-apple-silicon',
      sharing: 'darwin-15-apple-silicon',
      'remote-access': 'darwin-15-apple-silicon',
      browsers: 'darwin-15-apple-silicon',
      'p2p-software': 'darwin-15-apple-silicon',
      'office-macros': 'darwin-15-apple-silicon',
    },
  });
