/**
 * A Linux device's identity read from the OS's own files (src/scan/linux-identity.ts): the same device as
 * systeminformation described, whether replayed from a recording of either kind or read live.
 */
import { describe, expect, it } from 'vitest';
import { createLiveHost } from '../src/host/live-host.ts';
import { createRecordingHost } from '../src/host/recording-host.ts';
import { Recording } from '../src/host/recording.ts';
import { createReplayHost } from '../src/host/replay-host.ts';
import { parseOsRelease } from '../src/os-release.ts';
import { collectIdentity } from '../src/scan/identity.ts';
import { isVirtual, linuxDeviceFacts, nodeArch, osNameAndVersion } from '../src/scan/linux-identity.ts';
import { compliantLaptop } from './support/machines.ts';

describe('OS name and version from os-release', () => {
  it('keeps the point release PRETTY_NAME gives and drops the codename, as systeminformation did', () => {
    // Ubuntu 22.04.2 verbatim (head) as in probes/os-updates/fixtures/linux-ubuntu2204-security-updates-waiting.yaml.
    const ubuntu = 'PRETTY_NAME="Ubuntu 22.04.2 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.2 LTS (Jammy Jellyfish)"\nVERSION_CODENAME=jammy\nID=ubuntu\n';
    expect(osNameAndVersion(parseOsRelease(ubuntu))).toEqual({ name: 'Ubuntu', version: '22.04.2 LTS' });
    // Debian 12, verbatim from the build machine.
    const debian = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n';
    expect(osNameAndVersion(parseOsRelease(debian))).toEqual({ name: 'Debian GNU/Linux', version: '12' });
    // Fedora 36 container, verbatim from anchore/syft syft/linux/testdata/os/fedora/usr/lib/os-release (head).
    const fedora = 'NAME="Fedora Linux"\nVERSION="36 (Container Image)"\nID=fedora\nVERSION_ID=36\nPRETTY_NAME="Fedora Linux 36 (Container Image)"\n';
    expect(osNameAndVersion(parseOsRelease(fedora))).toEqual({ name: 'Fedora Linux', version: '36' });
  });

  it('gives a rolling release no version, and a missing NAME its os-release(5) default', () => {
    // Arch Linux as in probes/os-updates/fixtures/linux-arch-no-package-manager.yaml.
    expect(osNameAndVersion(parseOsRelease('NAME="Arch Linux"\nPRETTY_NAME="Arch Linux"\nID=arch\nBUILD_ID=rolling\n'))).toEqual({ name: 'Arch Linux', version: '' });
    expect(osNameAndVersion({})).toEqual({ name: 'Linux', version: '' });
  });
});

describe('hardware facts', () => {
  it('names uname -m machines as Node does', () => {
    expect(['x86_64', 'aarch64', 'i686', 'armv7l', 'mips64'].map(nodeArch)).toEqual(['x64', 'arm64', 'ia32', 'arm', 'mips64']);
  });

  it('tells a virtual machine by DMI, WSL or the CPU hypervisor flag, and says unknown without any of them', () => {
    const physical = 'processor\t: 0\nflags\t\t: fpu vme de pse tsc msr\nbogomips\t: 4992.00\n';
    const guest = 'processor\t: 0\nflags\t\t: fpu vme de pse tsc hypervisor lahf_lm\n';
    expect(isVirtual({ vendor: 'LENOVO', model: '21CB' }, '6.8.0-48-generic', physical)).toBe(false);
    expect(isVirtual({ vendor: 'LENOVO', model: '21CB' }, '6.8.0-48-generic', guest)).toBe(true);
    expect(isVirtual({ vendor: 'QEMU', model: 'Standard PC (Q35 + ICH9, 2009)' }, '6.1.0-13-amd64', undefined)).toBe(true);
    expect(isVirtual({ vendor: null, model: null }, '5.15.153.1-microsoft-standard-WSL2', undefined)).toBe(true);
    // An ARM board's cpuinfo has no flags line: nothing says either way.
    expect(isVirtual({ vendor: null, model: null }, '6.6.31+rpt-rpi-v8', 'processor\t: 0\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd\n')).toBeNull();
  });
});

describe('Linux identity in recordings', () => {
  it('describes the same device whether the recording holds the files or, from before, systeminformation’s answers', async () => {
    const files = await compliantLaptop();
    // The answers systeminformation 5 gave for the same laptop, as recordings made before tenken read the files hold them.
    const legacy = Recording.parse({
      ...files,
      sections: {
        ...files.sections,
        identity: [
          { si: 'osInfo', result: { platform: 'linux', distro: 'Ubuntu', release: '18.04.5 LTS', codename: 'bionic', kernel: '6.8.0-48-generic', arch: 'x64', hostname: 'PC-SALES-012', fqdn: 'PC-SALES-012', build: '' } },
          { si: 'system', result: { manufacturer: 'LENOVO', model: '21CB', version: 'ThinkPad X1 Carbon Gen 10', serial: 'PF3ABCDE', uuid: '4c4c4544-0042-3510-8052-b4c04f4e4d32', sku: 'LENOVO_MT_21CB', virtual: false } },
          { si: 'uuid', result: { os: '6f1c0a2b9d8e4f7a8b6c5d4e3f2a1b0c', hardware: '4c4c4544-0042-3510-8052-b4c04f4e4d32', macs: ['a4:2b:b0:11:22:33'] } },
        ],
      },
    });
    const device = async (recording: Recording) => {
      const host = createReplayHost(recording);
      const d = await collectIdentity(host);
      expect(host.unused().filter((u) => u.startsWith('identity:'))).toEqual([]);
      return { d, source: host.linuxIdentity };
    };
    const [fromFiles, fromSi] = await Promise.all([device(files), device(legacy)]);
    expect(fromFiles.source).toBe('files');
    expect(fromSi.source).toBe('systeminformation');
    expect(fromFiles.d).toEqual(fromSi.d);
  });

  it.runIf(process.platform === 'linux')('records the files on a live Linux machine, and agrees with systeminformation there', async () => {
    const live = await createLiveHost();
    const recorder = createRecordingHost(live);
    const facts = await linuxDeviceFacts(recorder.section('identity'), (s) => s || null);
    const identity = recorder.recording({ source: 'test', redact: false }).sections.identity!;
    expect(identity.some((a) => 'si' in a)).toBe(false);
    expect(identity).toEqual(expect.arrayContaining([expect.objectContaining({ read: '/etc/os-release' }), expect.objectContaining({ run: ['uname', '-m'] })]));
    const [os, uuid] = await Promise.all([live.si('osInfo'), live.si('uuid')]);
    expect({ name: facts.os.name, version: facts.os.version, kernel: facts.os.kernel, arch: facts.os.arch, hostname: facts.hostnames[0], osId: facts.osId }).toEqual({
      name: os.distro,
      version: os.release,
      kernel: os.kernel,
      arch: os.arch,
      hostname: os.hostname,
      osId: uuid.os || null,
    });
  });
});
