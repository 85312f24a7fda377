import { describe, expect, it } from 'vitest';
import { reasons } from '../../src/probe.ts';
import { supportOf } from './linux.ts';
import {
  lastSuccessfulAptChange,
  localToIso,
  parseAptConfigDump,
  parseAptSimulation,
  parseDnfAutomaticApply,
  parseDnfCheckUpdate,
  parseDnfSecurityList,
  parseDpkgStatus,
  parseIsEnabled,
  parseOsRelease,
  parseRpmInstallTimes,
  parseUtcOffset,
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
    expect(why.map['support.extendedEndsAt']).toMatch(/no extended support/);
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
    expect(why.map['support.endsAt']).toMatch(/not a release cycle/);
  });

  it('rejects a SUPPORT_END that is not a date', () => {
    const why = reasons();
    expect(supportOf({ ID: 'trinix', SUPPORT_END: '' }, why).endsAt).toBeNull();
    expect(why.map['support.endsAt']).toMatch(/not a date/);
  });
});

describe('apt simulation', () => {
  // Debian 12 lines recorded on the build machine (probes/os-updates/fixtures/linux-debian12-this-machine.yaml).
  const debian = `Inst base-files [12.4+deb12u11] (12.4+deb12u15 Debian:12.15/oldstable [amd64])
Inst libgcrypt20 [1.10.1-3] (1.10.1-3+deb12u1 Debian:12.15/oldstable, Debian-Security:12/oldstable-security [amd64])
Inst liblzma-dev [5.4.1-1] (5.4.1-1+deb12u2 Debian-Security:12/oldstable-security [amd64]) []
Conf liblzma-dev (5.4.1-1+deb12u2 Debian-Security:12/oldstable-security [amd64])
`;
  it('counts Inst lines and, apart, those from a -security archive', () => {
    expect(parseAptSimulation(debian)).toEqual({ count: 3, securityCount: 2 });
  });

  it('recognises the Ubuntu security pocket', () => {
    // Ubuntu 22.04 lines (ruby3.0 from jammy-updates and jammy-security) as in a public simulation log.
    const ubuntu = `Inst ruby-xmlrpc (0.3.2-1ubuntu0.1 Ubuntu:22.04/jammy-updates [all]) []
Inst ruby3.0 (3.0.2-7ubuntu2.4 Ubuntu:22.04/jammy-updates, Ubuntu:22.04/jammy-security [amd64]) []`;
    expect(parseAptSimulation(ubuntu)).toEqual({ count: 2, securityCount: 1 });
  });

  it('does not take a package named like "security" for a security update', () => {
    expect(parseAptSimulation('Inst libsecurity-foo [1] (2 Debian:12.15/oldstable [amd64])\n')).toEqual({ count: 1, securityCount: 0 });
  });

  it('reads a summary line with nothing to do as zero', () => {
    expect(parseAptSimulation('Calculating upgrade...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n')).toEqual({ count: 0, securityCount: 0 });
  });

  it('refuses empty or foreign output instead of reporting zero', () => {
    expect(parseAptSimulation('')).toBeNull();
    expect(parseAptSimulation('E: Could not open lock file /var/lib/dpkg/lock-frontend\n')).toBeNull();
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
    expect(parseUtcOffset('+0900\n')).toBe(540);
    expect(parseUtcOffset('-0330')).toBe(-210);
    expect(parseUtcOffset('JST')).toBeNull();
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
