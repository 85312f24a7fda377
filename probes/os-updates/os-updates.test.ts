import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecording, type Answer } from '../../src/host/recording.ts';
import { createReplayHost } from '../../src/host/replay-host.ts';
import { silentLogger } from '../../src/log.ts';
import { because, reasons } from '../../src/probe.ts';
import { runProbe } from '../../src/scan/run-probes.ts';
import { APT_LIST_UPGRADABLE, supportOf } from './linux.ts';
import probe, {
  aptErrorLine,
  lastSuccessfulAptChange,
  localToIso,
  OsUpdatesEvidence,
  parseAptConfigDump,
  parseAptListUpgradable,
  parseDnfAutomaticApply,
  parseDnfCheckUpdate,
  parseDnfSecurityList,
  parseDpkgStatus,
  parseIsEnabled,
  parseOsRelease,
  parseRpmInstallTimes,
  periodicOn,
} from './os-updates.ts';

// Fedora 36 container os-release, verbatim from anchore/syft syft/linux/testdata/os/fedora/usr/lib/os-release.
const FEDORA36 = `NAME="Fedora Linux"
VERSION="36 (Container Image)"
ID=fedora
VERSION_ID=36
VERSION_CODENAME=""
PLATFORM_ID="platform:f36"
PRETTY_NAME="Fedora Linux 36 (Container Image)"
SUPPORT_END=2023-05-16
VARIANT="Container Image"
`;
// AlmaLinux 8.4, verbatim from anchore/syft syft/linux/testdata/os/almalinux/from-os-release/etc/os-release (head).
const ALMA84 = `NAME="AlmaLinux"
VERSION="8.4 (Electric Cheetah)"
ID="almalinux"
ID_LIKE="rhel centos fedora"
VERSION_ID="8.4"
`;

describe('os-release', () => {
  it('unquotes values and keeps empty ones', () => {
    const os = parseOsRelease(FEDORA36);
    expect(os.ID).toBe('fedora');
    expect(os.PRETTY_NAME).toBe('Fedora Linux 36 (Container Image)');
    expect(os.VERSION_CODENAME).toBe('');
    expect(os.SUPPORT_END).toBe('2023-05-16');
  });

  it('takes the support end from SUPPORT_END before the bundled data', () => {
    const why = reasons();
    expect(supportOf(parseOsRelease(FEDORA36), why)).toMatchObject({ endsAt: '2023-05-16', source: 'os-release', cycle: 'fedora 36' });
  });

  it('matches RHEL rebuilds on the major version only', () => {
    const why = reasons();
    expect(supportOf(parseOsRelease(ALMA84), why)).toEqual({ endsAt: '2029-05-31', extendedEndsAt: null, securityUpdatesEndAt: '2029-05-31', source: 'endoflife.date', cycle: 'almalinux 8' });
    expect(enReason(why.map['support.extendedEndsAt'])).toMatch(/no extended support/);
  });

  it('keeps Ubuntu standard support and ESM apart', () => {
    const s = supportOf({ ID: 'ubuntu', VERSION_ID: '22.04' }, reasons());
    expect(s.endsAt).toBe('2027-04-01');
    expect(s.extendedEndsAt).toBe('2032-04-09');
    // ESM needs Ubuntu Pro: free security updates end with standard support.
    expect(s.securityUpdatesEndAt).toBe('2027-04-01');
  });

  it('counts Debian LTS as security support, since it ships in the regular security archive', () => {
    const s = supportOf({ ID: 'debian', VERSION_ID: '12' }, reasons());
    expect(s.securityUpdatesEndAt).toBe(s.extendedEndsAt);
    expect(s.securityUpdatesEndAt! > s.endsAt!).toBe(true);
  });

  it('never guesses a release the data does not list', () => {
    const why = reasons();
    const s = supportOf({ ID: 'ubuntu', VERSION_ID: '99.04' }, why);
    expect(s).toEqual({ endsAt: null, extendedEndsAt: null, securityUpdatesEndAt: null, source: null, cycle: null });
    expect(enReason(why.map['support.endsAt'])).toMatch(/not a release cycle/);
  });

  it('rejects a SUPPORT_END that is not a date', () => {
    const why = reasons();
    expect(supportOf({ ID: 'trinix', SUPPORT_END: '' }, why).endsAt).toBeNull();
    expect(enReason(why.map['support.endsAt'])).toMatch(/not a date/);
  });
});

// apt's stderr when stdout is not a terminal, verbatim from the build machine (apt 2.6.1, Debian 12).
const APT_SCRIPT_WARNING = '\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n';

// Ubuntu 22.04, verbatim from kolide/launcher ee/tables/execparsers/apt/test-data/apt_upgradeable.txt (July 2023).
const UBUNTU_2204 = `Listing...
accountsservice/jammy-updates,jammy-security 22.07.5-2ubuntu1.4 amd64 [upgradable from: 22.07.5-2ubuntu1.3]
apt-utils/jammy-updates 2.4.9 amd64 [upgradable from: 2.4.8]
apt/jammy-updates 2.4.9 amd64 [upgradable from: 2.4.8]
base-files/jammy-updates 12ubuntu4.3 amd64 [upgradable from: 12ubuntu4.2]
binutils-common/jammy-updates,jammy-security 2.38-4ubuntu2.2 amd64 [upgradable from: 2.38-4ubuntu2.1]
binutils-x86-64-linux-gnu/jammy-updates,jammy-security 2.38-4ubuntu2.2 amd64 [upgradable from: 2.38-4ubuntu2.1]
dpkg/jammy-updates 1.21.1ubuntu2.2 amd64 [upgradable from: 1.21.1ubuntu2.1]
libkrb5-3/jammy-updates 1.19.2-2ubuntu0.2 amd64 [upgradable from: 1.19.2-2ubuntu0.1]
libldap-common/jammy-updates,jammy-updates 2.5.14+dfsg-0ubuntu0.22.04.2 all [upgradable from: 2.5.13+dfsg-0ubuntu0.22.04.1]
openssl/jammy-updates,jammy-security 3.0.2-0ubuntu1.10 amd64 [upgradable from: 3.0.2-0ubuntu1.8]
perl-base/jammy-updates,jammy-security 5.34.0-3ubuntu1.2 amd64 [upgradable from: 5.34.0-3ubuntu1.1]
perl-modules-5.34/jammy-updates,jammy-updates,jammy-security,jammy-security 5.34.0-3ubuntu1.2 all [upgradable from: 5.34.0-3ubuntu1.1]
sudo/jammy-updates,jammy-security 1.9.9-1ubuntu2.4 amd64 [upgradable from: 1.9.9-1ubuntu2.3]
vim/jammy-updates,jammy-security 2:8.2.3995-1ubuntu2.9 amd64 [upgradable from: 2:8.2.3995-1ubuntu2.3]
xxd/jammy-updates,jammy-security 2:8.2.3995-1ubuntu2.9 amd64 [upgradable from: 2:8.2.3995-1ubuntu2.3]

`;

describe('apt list --upgradable', () => {
  it('counts upgradable packages and, apart, those with a -security suite (Ubuntu 22.04)', () => {
    // 9 of the 15 name jammy-security; libldap-common names jammy-updates twice and is not a security update.
    expect(parseAptListUpgradable(UBUNTU_2204)).toEqual({ count: 15, securityCount: 9 });
  });

  it('counts a package listed in both a -security and a normal suite once, as a security update', () => {
    const lines = UBUNTU_2204.split('\n');
    const openssl = lines.find((l) => l.startsWith('openssl/'))!;
    const perlModules = lines.find((l) => l.startsWith('perl-modules-5.34/'))!;
    expect(parseAptListUpgradable(`Listing...\n${openssl}\n`)).toEqual({ count: 1, securityCount: 1 });
    // Each suite repeated once per index that carries the version: still one package.
    expect(parseAptListUpgradable(`Listing...\n${perlModules}\n`)).toEqual({ count: 1, securityCount: 1 });
    expect(parseAptListUpgradable(`Listing...\n${lines.find((l) => l.startsWith('libldap-common/'))!}\n`)).toEqual({ count: 1, securityCount: 0 });
  });

  it('reads Debian suites by archive name (build machine, Debian 12 now oldstable)', () => {
    // First lines of the build machine's output (probes/os-updates/fixtures/linux-debian12-this-machine.yaml).
    const debian = `Listing...
appstream/oldstable 0.16.1-2+b1 amd64 [upgradable from: 0.16.1-2]
apt-transport-https/oldstable-security 2.6.2 all [upgradable from: 2.6.1]
apt/oldstable-security 2.6.2 amd64 [upgradable from: 2.6.1]
base-files/oldstable 12.4+deb12u15 amd64 [upgradable from: 12.4+deb12u11]
`;
    expect(parseAptListUpgradable(debian)).toEqual({ count: 4, securityCount: 2 });
  });

  it('skips the script warning whether it arrives on stderr (ignored) or merged into stdout', () => {
    expect(parseAptListUpgradable(`${APT_SCRIPT_WARNING}${UBUNTU_2204}`)).toEqual({ count: 15, securityCount: 9 });
    expect(aptErrorLine(APT_SCRIPT_WARNING)).toBeUndefined();
  });

  it('reads the terminal form "Listing... Done" and a list with nothing to upgrade as zero', () => {
    // Ubuntu 18.04 with nothing to upgrade, on a terminal: canonical/ubuntu-pro-client#1548.
    expect(parseAptListUpgradable('Listing... Done\n')).toEqual({ count: 0, securityCount: 0 });
    // Without a terminal (build machine, and the comment in Sokrates1989/linux-server-status res/update_info.sh).
    expect(parseAptListUpgradable('Listing...\n')).toEqual({ count: 0, securityCount: 0 });
    // Raspberry Pi OS (bookworm) on a terminal, first lines verbatim from savonet/liquidsoap#3491: no security suite.
    const pi = `Listing... Done
alsa-utils/stable 1.2.8-1+rpt1 arm64 [upgradable from: 1.2.8-1]
console-setup-linux/stable 1.221rpt1 all [upgradable from: 1.221]
console-setup/stable 1.221rpt1 all [upgradable from: 1.221]
ffmpeg/stable 8:5.1.3-1+rpt4 arm64 [upgradable from: 7:5.1.3-1]
`;
    expect(parseAptListUpgradable(pi)).toEqual({ count: 4, securityCount: 0 });
  });

  it('does not take a package named like "security" for a security update', () => {
    expect(parseAptListUpgradable('Listing...\nlibsecurity-foo/stable 2 amd64 [upgradable from: 1]\n')).toEqual({ count: 1, securityCount: 0 });
  });

  it('refuses empty output and output without its Listing... line instead of reporting zero', () => {
    expect(parseAptListUpgradable('')).toEqual({ unreadable: because('command.no-answer', { command: 'apt list --upgradable' }) });
    expect(parseAptListUpgradable(APT_SCRIPT_WARNING)).toMatchObject({ unreadable: { code: 'command.unexpected-output' } });
  });

  it('refuses a line it does not know, such as localized output, instead of miscounting', () => {
    // Linux Mint 22 (noble) in Dutch, verbatim from linuxmint/mintupdate#1043: what LC_ALL=C prevents.
    const dutch = `bsdutils/noble-updates,noble-security 1:2.39.3-9ubuntu6.5 amd64 [opwaardeerbaar van: 1:2.39.3-9ubuntu6.3]
coreutils/noble-updates 9.4-3ubuntu6.2 amd64 [opwaardeerbaar van: 9.4-3ubuntu6.1]
`;
    expect(parseAptListUpgradable(dutch)).toEqual({
      unreadable: because('command.unexpected-output', { command: 'apt list --upgradable' }, 'bsdutils/noble-updates,noble-security 1:2.39.3-9ubuntu6.5 amd64 [opwaardeerbaar van: 1:2.39.3-9ubuntu6.3]'),
    });
    expect(parseAptListUpgradable(`Listing...\n${UBUNTU_2204.split('\n')[1]}\nE: something\n`)).toMatchObject({ unreadable: { detail: 'E: something' } });
  });

  it("takes apt's E: line from stderr, past the script warning", () => {
    // apt-pkg/cachefile.cc's message when the lists cannot be read (apt exits 100).
    const stderr = `${APT_SCRIPT_WARNING}E: The package lists or status file could not be parsed or opened.\n`;
    expect(aptErrorLine(stderr)).toBe('E: The package lists or status file could not be parsed or opened.');
    expect(aptErrorLine('')).toBeUndefined();
  });
});

/**
 * Runs the Linux collector on a fixture with some answers replaced (strict replay: every answer must be asked
 * for), so the collector's handling of apt's exit code, stderr and release can be tested on real outputs.
 */
async function collectWith(fixture: string, replace: Record<string, Partial<Answer>>) {
  const recording = await loadRecording(join(import.meta.dirname, 'fixtures', fixture));
  const key = (a: Answer) => ('run' in a ? a.run.join(' ') : 'read' in a ? a.read : '');
  recording.sections['os-updates'] = recording.sections['os-updates']!.map((a) => (replace[key(a)] ? ({ ...a, ...replace[key(a)] } as Answer) : a));
  const host = createReplayHost(recording, 'os-updates');
  const outcome = await runProbe(probe, host, silentLogger);
  expect(host.unused()).toEqual([]);
  if (outcome.status !== 'ok') throw new Error(`probe ended ${outcome.status}: ${JSON.stringify(outcome)}`);
  return OsUpdatesEvidence.parse(outcome.evidence);
}

describe('apt collector', () => {
  const UBUNTU = 'linux-ubuntu2204-security-updates-waiting.yaml';
  const LIST = ['apt', ...APT_LIST_UPGRADABLE].join(' ');

  it('runs apt list --upgradable and ignores the script warning on stderr', async () => {
    const e = await collectWith(UBUNTU, {});
    expect(e.pendingUpdates).toMatchObject({ count: 15, securityCount: 9 });
    expect(e.unknown['pendingUpdates.count']).toBeUndefined();
  });

  it("reports apt's error, not its script warning, when apt list fails", async () => {
    const e = await collectWith(UBUNTU, {
      [LIST]: { exitCode: 100, stdout: '', stderr: `${APT_SCRIPT_WARNING}E: The package lists or status file could not be parsed or opened.\n` },
    });
    expect(e.pendingUpdates).toMatchObject({ count: null, securityCount: null });
    expect(enReason(e.unknown['pendingUpdates.count'])).toBe('apt list --upgradable failed (exit 100): "E: The package lists or status file could not be parsed or opened."');
  });

  it('places apt history with the recorded UTC offset the same as with the `date +%z` answer recordings held before', async () => {
    const legacy = await loadRecording(join(import.meta.dirname, 'fixtures', 'linux-ubuntu1804-up-to-date-unattended.yaml'));
    const current = { ...legacy, utcOffsetMinutes: 60, sections: { 'os-updates': legacy.sections['os-updates']!.filter((a) => !('run' in a && a.run[0] === 'date')) } };
    const evidence = async (recording: typeof legacy) => {
      const host = createReplayHost(recording, 'os-updates');
      const outcome = await runProbe(probe, host, silentLogger);
      expect(host.unused()).toEqual([]);
      return OsUpdatesEvidence.parse(outcome.status === 'ok' ? outcome.evidence : outcome);
    };
    const [before, now] = await Promise.all([evidence(legacy), evidence(current)]);
    expect(now.lastUpdateAt).toBe('2020-11-19T08:07:34.000Z');
    expect(now).toEqual(before);
  });

  it('does not count security updates on Debian 10, whose security suite apt list cannot name', async () => {
    const buster = 'PRETTY_NAME="Debian GNU/Linux 10 (buster)"\nNAME="Debian GNU/Linux"\nVERSION_ID="10"\nVERSION="10 (buster)"\nVERSION_CODENAME=buster\nID=debian\n';
    const e = await collectWith(UBUNTU, {
      '/etc/os-release': { text: buster },
      // A constructed line: Debian 10's security archive goes by the release's own archive name.
      [LIST]: { stdout: 'Listing...\nlibxml2/oldoldstable 2.9.4+dfsg1-7+deb10u6 amd64 [upgradable from: 2.9.4+dfsg1-7+deb10u5]\n' },
    });
    expect(e.pendingUpdates).toMatchObject({ count: 1, securityCount: null });
    expect(enReason(e.unknown['pendingUpdates.securityCount'])).toMatch(/Debian 10 publishes security updates/);
  });

  it('knows a Debian 10 machine with nothing to upgrade has no security update waiting', async () => {
    const buster = 'VERSION_ID="10"\nVERSION_CODENAME=buster\nID=debian\n';
    const e = await collectWith(UBUNTU, { '/etc/os-release': { text: buster }, [LIST]: { stdout: 'Listing...\n' } });
    expect(e.pendingUpdates).toMatchObject({ count: 0, securityCount: 0 });
  });
});

describe('apt and dnf scheduling', () => {
  it('starts apt list before anything else and runs apt’s other commands while it runs', async () => {
    const { meanwhile, asked } = await askedWhileHeld(probe, 'linux-ubuntu2204-security-updates-waiting.yaml', 'apt list --upgradable');
    expect(asked[0]).toBe('apt list --upgradable');
    expect(meanwhile).toEqual(expect.arrayContaining(['read /etc/os-release', 'stat /run/systemd/system', 'apt-config dump', 'dpkg-query -W -f ${Status} unattended-upgrades', 'systemctl is-enabled apt-daily-upgrade.timer', 'read /var/log/apt/history.log', 'stat /var/run/reboot-required']));
  });

  it('starts dnf’s independent commands beside check-update, and updateinfo only after it (it needs its exit code)', async () => {
    const { meanwhile, asked } = await askedWhileHeld(probe, 'linux-fedora34-dnf-security-updates.yaml', 'dnf -q -C check-update');
    expect(asked.slice(0, 2)).toEqual(['apt list --upgradable', 'read /etc/os-release']);
    expect(meanwhile).toEqual(expect.arrayContaining(['rpm -qa --qf %{INSTALLTIME}\\n', 'read /etc/dnf/automatic.conf', 'systemctl is-enabled dnf-automatic.timer', 'systemctl is-enabled dnf5-automatic.timer', 'needs-restarting -r']));
    expect(meanwhile).not.toContain('dnf -q -C updateinfo list --security');
    expect(asked).toContain('dnf -q -C updateinfo list --security');
  });
});

describe('apt settings', () => {
  it('reads the APT::Periodic switches from apt-config dump', () => {
    const dump = 'APT::Periodic "";\nAPT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "0";\nAPT::Architecture "amd64";\n';
    expect(parseAptConfigDump(dump, ['APT::Periodic::Update-Package-Lists', 'APT::Periodic::Unattended-Upgrade'])).toEqual({
      'APT::Periodic::Update-Package-Lists': '1',
      'APT::Periodic::Unattended-Upgrade': '0',
    });
  });

  it('treats a periodic interval of days as on and 0 or unset as off', () => {
    expect(periodicOn('1')).toBe(true);
    expect(periodicOn('7')).toBe(true);
    expect(periodicOn('0')).toBe(false);
    expect(periodicOn(undefined)).toBe(false);
    expect(periodicOn('always')).toBe(false);
  });

  it('reads dpkg-query status, exit 1 meaning not installed', () => {
    expect(parseDpkgStatus('install ok installed', 0)).toBe(true);
    expect(parseDpkgStatus('deinstall ok config-files', 0)).toBe(false);
    expect(parseDpkgStatus('', 1)).toBe(false);
    expect(parseDpkgStatus('', 2)).toBeNull();
  });
});

describe('apt history', () => {
  const log = `
Start-Date: 2020-11-19  09:07:21
Commandline: /usr/bin/unattended-upgrade
Upgrade: firefox:amd64 (82.0.3+build1-0ubuntu0.18.04.1, 83.0+build2-0ubuntu0.18.04.2)
End-Date: 2020-11-19  09:07:26

Start-Date: 2018-11-14  15:05:42
Commandline: /usr/bin/unattended-upgrade
Remove: linux-modules-4.15.0-36-generic:amd64 (4.15.0-36.39)
End-Date: 2021-01-01  00:00:00
`;
  it('takes the latest install or upgrade and ignores removals', () => {
    expect(lastSuccessfulAptChange([log])).toBe('2020-11-19 09:07:26');
  });

  it('skips an entry that recorded an error or has not ended', () => {
    const failed = 'Start-Date: 2022-01-01  10:00:00\nUpgrade: a:amd64 (1, 2)\nError: Sub-process /usr/bin/dpkg returned an error code (1)\nEnd-Date: 2022-01-01  10:00:05\n';
    const running = 'Start-Date: 2026-11-22  04:00:54\nCommandline: apt-get purge -y ufw\nPurge: ufw:amd64 (0.36.2-1)\n';
    expect(lastSuccessfulAptChange([log, failed, running])).toBe('2020-11-19 09:07:26');
    expect(lastSuccessfulAptChange([''])).toBeNull();
  });

  it("places apt's zone-less local time with the machine's UTC offset", () => {
    expect(localToIso('2020-11-19 09:07:26', 540)).toBe('2020-11-19T00:07:26.000Z');
    expect(localToIso('2020-11-19 09:07:26', -210)).toBe('2020-11-19T12:37:26.000Z');
  });
});

describe('dnf', () => {
  it('counts check-update rows by name.arch and stops at Obsoleting Packages', () => {
    // Rows from Fedora 34 output in RaphaelRochet/arch-update#169; the obsoletes block as dnf4 prints it.
    const out = `
bluez-libs.i686                                  5.58-2.fc34                   updates
bluez-libs.x86_64                                5.58-2.fc34                   updates
chrony.x86_64                                    4.1-1.fc34                    updates
Obsoleting Packages
grub2-tools.x86_64                               1:2.06-1.fc34                 updates
    grub2-tools.x86_64                           1:2.04-33.fc34                @anaconda
`;
    expect(parseDnfCheckUpdate(out)).toBe(3);
    expect(parseDnfCheckUpdate('Error: Cache-only enabled but no cache for \'fedora\'')).toBeNull();
  });

  it('joins rows that yum/dnf4 wrap when a name or version overflows its column', () => {
    // RHEL 6, verbatim (head) from ansible/ansible#20043: the long name alone, then version and repo indented.
    const nameWrapped = `Loaded plugins: product-id, security, subscription-manager

ConsoleKit.x86_64                  0.4.1-6.el6                rhel-6-server-rpms
ConsoleKit-libs.x86_64             0.4.1-6.el6                rhel-6-server-rpms
ImageMagick.x86_64                 6.7.2.7-5.el6_8            rhel-6-server-rpms
Red_Hat_Enterprise_Linux-Release_Notes-6-en-US.noarch
                                   8-2.el6                    rhel-6-server-rpms
abrt.x86_64                        2.0.8-40.el6               rhel-6-server-rpms
`;
    expect(parseDnfCheckUpdate(nameWrapped)).toBe(5);
    // CentOS 7, verbatim from ansible/ansible-modules-core#2802: name and a long version, then the repo indented.
    const versionWrapped = `dbus-libs.x86_64                     1:1.6.12-13.el7                   base
PACKAGE.x86_64                        0.0.201601130408git9dd37204-1.el7.centos
                                                                       REPO-devel
device-mapper.x86_64                 7:1.02.107-5.el7                  base
`;
    expect(parseDnfCheckUpdate(versionWrapped)).toBe(3);
    // Every row wrapped: still counted, never null.
    expect(parseDnfCheckUpdate('Red_Hat_Enterprise_Linux-Release_Notes-6-en-US.noarch\n                                   8-2.el6                    rhel-6-server-rpms\n')).toBe(1);
  });

  it('counts packages named by dnf4 security advisories', () => {
    // kushaldas/lym docs/packages.rst (Fedora 34).
    const out = `FEDORA-2021-83fdddca0f Moderate/Sec.  curl-7.76.1-7.fc34.x86_64
FEDORA-2021-08cdb4dc34 Important/Sec. dhcp-client-12:4.4.2-11.b1.fc34.x86_64
FEDORA-2021-07dc0b3eb1 Critical/Sec.  kernel-core-5.13.4-200.fc34.x86_64`;
    expect(parseDnfSecurityList(out)).toBe(3);
    expect(parseDnfSecurityList('')).toBe(0);
  });

  it('reads the dnf5 table and counts only its security rows', () => {
    // dnf5 layout as shown in rpm-software-management/dnf#1893; the security row follows the same columns.
    const out = `Name                   Type        Severity                  Package              Issued
FEDORA-2018-318f184112 enhancement Moderate flac-1.4.0-1.fc29.x86_64 2019-01-19 00:00:00
FEDORA-2019-0001aa0001 security    Important openssl-1.1.1-1.fc29.x86_64 2019-01-20 00:00:00`;
    expect(parseDnfSecurityList(out)).toBe(1);
  });

  it('refuses an updateinfo output it cannot read', () => {
    expect(parseDnfSecurityList('Unknown argument "--security" for command "updateinfo".')).toBeNull();
  });

  it('takes the newest rpm install time', () => {
    expect(parseRpmInstallTimes('1619600000\n1626240000\n(none)\n')).toBe(1626240000);
    expect(parseRpmInstallTimes('')).toBeNull();
  });

  it('reads apply_updates only in the [commands] section', () => {
    expect(parseDnfAutomaticApply('[commands]\nupgrade_type = default\napply_updates = yes\n')).toBe(true);
    expect(parseDnfAutomaticApply('[commands]\n# apply_updates = yes\napply_updates = False\n')).toBe(false);
    expect(parseDnfAutomaticApply('[emitters]\napply_updates = yes\n')).toBeNull();
  });
});

describe('systemctl is-enabled', () => {
  it('returns the state word, and not-found for a missing unit on older systemd', () => {
    expect(parseIsEnabled('enabled\n', '')).toBe('enabled');
    expect(parseIsEnabled('masked\n', '')).toBe('masked');
    // systemd 252 on Debian 12, observed on the build machine.
    expect(parseIsEnabled('', 'Failed to get unit file state for dnf-automatic.timer: No such file or directory\n')).toBe('not-found');
    expect(parseIsEnabled('', 'Failed to connect to bus: No medium found')).toBeNull();
  });
});

// ------------------------------------------------------------------------------------------ Windows
import { parseSwVers, lastSoftwareUpdateInstall, effectiveSwitches, macosSupport, parsePlistXml, isMajorUpgrade, parseMdmEnrollment } from './darwin.ts';
import { editionClass, windowsCycle, lastQualityInstall, pendingFromSearch, parsePauseExpiry, DEFINITION_UPDATES_CATEGORY, SECURITY_UPDATES_CATEGORY } from './parse-win32.ts';
import { parsePowerShellJson } from '../../src/powershell.ts';
import { enReason } from '../../test/support/reason-text.ts';
import { askedWhileHeld } from '../../test/support/held-replay.ts';

describe('Windows readers', () => {
  it('takes build 22000+ as Windows 11 and picks the cycle by version and edition class', () => {
    expect(windowsCycle(26100, '24H2', editionClass('Professional'))?.key).toBe('11-24h2-w');
    expect(windowsCycle(26100, '24H2', editionClass('Enterprise'))?.key).toBe('11-24h2-e');
    expect(windowsCycle(26100, '24H2', editionClass('EnterpriseS'))?.key).toBe('11-24h2-e-lts');
    // 10 22H2 has one cycle for every edition.
    expect(windowsCycle(19045, '22H2', editionClass('Core'))).toMatchObject({ key: '10-22h2', cycle: { eol: '2025-10-14', eoes: '2028-10-10' } });
  });

  it('refuses a DisplayVersion that does not belong to the build, and an edition it does not know', () => {
    expect(windowsCycle(22631, '24H2', 'w')).toBeNull();
    expect(editionClass('ServerStandard')).toBeNull();
    expect(editionClass('IoTEnterprise')).toBeNull();
  });

  it('reads PowerShell JSON with a BOM and CRLF and Japanese titles byte-exact', () => {
    const answer = parsePowerShellJson('\uFEFF{"total":1,"installed":[{"date":"2025-08-13T03:12:40.0000000Z","title":"2025-08 x64 ベース システム用 Windows 11 Version 24H2 の累積更新プログラム (KB5063878)","categories":["' + SECURITY_UPDATES_CATEGORY + '"]}]}\r\n');
    expect(answer.ok).toBe(true);
    expect(lastQualityInstall((answer as unknown as { value: never }).value, reasons())).toBe('2025-08-13T03:12:40.000Z');
  });

  it('skips Defender definition updates by category and by KB2267602 in any language', () => {
    const why = reasons();
    const history = {
      total: 3,
      installed: [
        { date: '2025-08-19T22:05:11Z', title: 'Microsoft Defender Antivirus のセキュリティ インテリジェンス更新プログラム - KB2267602 (バージョン 1.435.150.0)', categories: [] },
        { date: '2025-08-18T22:05:11Z', title: null, categories: [DEFINITION_UPDATES_CATEGORY] },
        { date: '2025-07-09T03:20:02Z', title: 'KB5062553', categories: [SECURITY_UPDATES_CATEGORY] },
      ],
    };
    expect(lastQualityInstall(history, why)).toBe('2025-07-09T03:20:02.000Z');
    expect(lastQualityInstall({ total: 1, installed: [history.installed[0]!] }, why)).toBeNull();
    expect(enReason(why.map.lastUpdateAt)).toMatch(/no successful install other than definition updates/);
  });

  it('counts security updates by MSRC severity or the Security Updates category, never by title', () => {
    const p = pendingFromSearch(
      { autoUpdate: { lastSearchSuccessDate: null }, search: { resultCode: 2, updates: [
        { kb: ['1'], msrcSeverity: 'Important', categories: [] },
        { kb: ['2'], msrcSeverity: '', categories: [SECURITY_UPDATES_CATEGORY.toUpperCase()] },
        { kb: ['3'], msrcSeverity: null, categories: [DEFINITION_UPDATES_CATEGORY] },
      ] } },
      because('fact.unknown'),
      reasons(),
    );
    expect(p).toEqual({ count: 3, securityCount: 2, metadataRefreshedAt: null });
  });

  it('does not trust a failed search (result code 4) for counts', () => {
    const why = reasons();
    const p = pendingFromSearch({ autoUpdate: { error: 'x' }, search: { resultCode: 4, updates: [] } }, because('fact.unknown'), why);
    expect(p.count).toBeNull();
    expect(why.map['pendingUpdates.count']).toEqual(because('wua.search-result', { code: 4 }));
  });

  it('reads PauseUpdatesExpiryTime only as the UTC form Settings writes', () => {
    expect(parsePauseExpiry('2025-09-03T01:10:22Z')).toBe('2025-09-03T01:10:22.000Z');
    expect(parsePauseExpiry('2025/09/03 10:10:22')).toBeNull();
  });
});

describe('macOS readers', () => {
  it('reads sw_vers with tabs, CRLF and a Rapid Security Response suffix', () => {
    expect(parseSwVers('ProductName:\t\tmacOS\r\nProductVersion:\t\t13.3.1\r\nProductVersionExtra:\t(a)\r\nBuildVersion:\t\t22E772610a\r\n')).toEqual({
      ProductName: 'macOS', ProductVersion: '13.3.1', ProductVersionExtra: '(a)', BuildVersion: '22E772610a',
    });
  });

  it('takes macOS 13 as ended and 15 as having no announced end', () => {
    expect(macosSupport('13.4.1', reasons()).support.securityUpdatesEndAt).toBe('2025-09-15');
    const why = reasons();
    expect(macosSupport('15.6', why)).toMatchObject({ support: { securityUpdatesEndAt: null, cycle: 'macos 15' }, codename: 'Sequoia', newerMajors: 1 });
    expect(enReason(why.map['support.securityUpdatesEndAt'])).toMatch(/no end/);
    expect(macosSupport('10.15.7', reasons()).support.cycle).toBe('macos 10.15');
  });

  it('ignores config-data installs (XProtect) and other processes in InstallHistory', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><array>
<dict><key>date</key><date>2024-04-17T01:25:11Z</date><key>displayName</key><string>macOS 14.4</string><key>processName</key><string>softwareupdated</string></dict>
<dict><key>contentType</key><string>config-data</string><key>date</key><date>2024-05-01T00:00:00Z</date><key>displayName</key><string>XProtectPlistConfigData</string><key>processName</key><string>softwareupdated</string></dict>
<dict><key>date</key><date>2024-07-25T02:38:09Z</date><key>displayName</key><string>WhatsApp</string><key>processName</key><string>installer</string></dict>
</array></plist>`;
    expect(lastSoftwareUpdateInstall(parsePlistXml(xml))).toEqual({ at: '2024-04-17T01:25:11.000Z' });
    expect(lastSoftwareUpdateInstall({ not: 'an array' })).toMatchObject({ unreadable: { code: 'file.unexpected' } });
    expect(parsePlistXml('')).toBeUndefined();
  });

  it('treats a missing switch as the OS default (on), a managed value as winning, and 0/1 integers as booleans', () => {
    const s = effectiveSwitches({ AutomaticDownload: false, CriticalUpdateInstall: 0 }, { AutomaticDownload: true });
    expect(s.values).toMatchObject({ AutomaticCheckEnabled: true, AutomaticDownload: true, CriticalUpdateInstall: false });
    expect(s.from).toMatchObject({ AutomaticCheckEnabled: 'default', AutomaticDownload: 'managed', CriticalUpdateInstall: 'local' });
    expect(effectiveSwitches({ ConfigDataInstall: 'yes' }, undefined).bad).toEqual(['ConfigDataInstall']);
  });
});

describe('Windows and macOS collectors', () => {
  it('reports PowerShell being unavailable as unknown facts, not a crash', async () => {
    const recording = await loadRecording(join(import.meta.dirname, 'fixtures', 'win32-11-pro-ja-24h2-up-to-date.yaml'));
    recording.sections['os-updates'] = recording.sections['os-updates']!.map((a) => ({ run: (a as { run: string[] }).run, error: 'not-found' }) as Answer);
    const host = createReplayHost(recording, 'os-updates');
    const outcome = await runProbe(probe, host, silentLogger);
    if (outcome.status !== 'ok') throw new Error(outcome.status);
    const e = OsUpdatesEvidence.parse(outcome.evidence);
    expect(e.support.securityUpdatesEndAt).toBeNull();
    expect(e.pendingUpdates.count).toBeNull();
    expect(enReason(e.unknown['support.securityUpdatesEndAt'])).toBe('Windows PowerShell (powershell.exe) is not installed');
  });
});

describe('macOS Software Update entries and MDM enrollment', () => {
  it('tells a new major macOS from an update of the installed release', () => {
    const entry = (key: string, version: string) => ({ 'Display Name': 'x', 'Display Version': version, Identifier: key, 'Product Key': key, MobileSoftwareUpdate: true });
    expect(isMajorUpgrade(entry('MSU_UPDATE_23A344_patch_14.0_major', '14.0'), 13)).toBe(true);
    expect(isMajorUpgrade(entry('MSU_UPDATE_22C5059b_patch_13.1_minor', '13.1'), 13)).toBe(false);
    expect(isMajorUpgrade(entry('MSU_UPDATE_23F79_patch_14.5', '14.5'), 14)).toBe(false);
    expect(isMajorUpgrade(entry('MSU_UPDATE_25A354_patch_26.0', '26.0'), 15)).toBe(true);
    // Safari's version is not a macOS version.
    expect(isMajorUpgrade({ 'Display Name': 'Safari', 'Display Version': '17.5', Identifier: 'Safari17.5SonomaAuto', 'Product Key': '052-97931' }, 14)).toBe(false);
  });

  it('reads profiles status -type enrollment', () => {
    expect(parseMdmEnrollment('Enrolled via DEP: No\nMDM enrollment: Yes (User Approved)\nMDM server: https://test.example.com/mdm/apple/mdm\n')).toBe(true);
    expect(parseMdmEnrollment('Enrolled via DEP: No\nMDM enrollment: No\n')).toBe(false);
    expect(parseMdmEnrollment('profiles: error\n')).toBeNull();
  });
});
