/**
 * Whole machines for end-to-end tests, composed from the probes' own fixtures (each real or assembled from
 * published outputs, see their `source:`), plus an identity section. The identity answers are hand-made in
 * the shape systeminformation 5 returns (osInfo/system/uuid) and say so.
 */
import { join } from 'node:path';
import { loadRecording, Recording, type Answer } from '../../src/host/recording.ts';

const PROBES_DIR = join(import.meta.dirname, '..', '..', 'probes');

export function identity(os: { distro: string; release: string; codename: string; hostname: string }): Answer[] {
  return [
    {
      si: 'osInfo',
      result: { platform: 'linux', distro: os.distro, release: os.release, codename: os.codename, kernel: '6.8.0-48-generic', arch: 'x64', hostname: os.hostname, fqdn: os.hostname, codepage: 'UTF-8', logofile: 'ubuntu', serial: '6f1c0a2b9d8e4f7a8b6c5d4e3f2a1b0c', build: '', servicepack: '', uefi: true },
    },
    { si: 'system', result: { manufacturer: 'LENOVO', model: '21CB', version: 'ThinkPad X1 Carbon Gen 10', serial: 'PF3ABCDE', uuid: '4c4c4544-0042-3510-8052-b4c04f4e4d32', sku: 'LENOVO_MT_21CB', virtual: false } },
    { si: 'uuid', result: { os: '6f1c0a2b9d8e4f7a8b6c5d4e3f2a1b0c', hardware: '4c4c4544-0042-3510-8052-b4c04f4e4d32', macs: ['a4:2b:b0:11:22:33'] } },
  ];
}

/** One recording from one fixture per probe; the console-user lookup comes from the fixture that has one. */
export async function composeMachine(options: {
  readonly source: string;
  readonly recordedAt: string;
  readonly isAdmin: boolean;
  readonly identity: Answer[];
  readonly fixtures: Readonly<Record<string, string>>;
}): Promise<Recording> {
  const sections: Record<string, Answer[]> = { identity: options.identity };
  const sources: string[] = [];
  for (const [probe, fixture] of Object.entries(options.fixtures)) {
    const rec = await loadRecording(join(PROBES_DIR, probe, 'fixtures', `${fixture}.yaml`));
    for (const [name, answers] of Object.entries(rec.sections)) {
      if (sections[name]) throw new Error(`two fixtures answer section ${name}`);
      sections[name] = answers;
    }
    sources.push(`${probe}: ${fixture}`);
  }
  return Recording.parse({
    tenkenRecording: 1,
    source: `${options.source} — composed from probe fixtures (${sources.join('; ')}); identity hand-made`,
    platform: 'linux',
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
    },
  });
