/**
 * Linux packages: .deb (dpkg-deb), .rpm (rpmbuild from Debian's rpm) and tar.gz, installing to /opt/tenken
 * with /usr/bin/tenken, and the collector's systemd unit, disabled. The maintainer scripts (packaging/linux/)
 * run `tenken uninstall` only when the package is removed, never on upgrade.
 */
import { copyFile, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildTarball, run, stageProgram } from './unix.ts';

const HERE = import.meta.dirname;
export const LINUX_PREFIX = '/opt/tenken';
const ARCH = { 'linux-x64': { deb: 'amd64', rpm: 'x86_64', name: 'x64' }, 'linux-arm64': { deb: 'arm64', rpm: 'aarch64', name: 'arm64' } } as const;

export const linuxPackageNames = (version: string, target: keyof typeof ARCH) => ({
  deb: `tenken_${version}_${ARCH[target].deb}.deb`,
  rpm: `tenken-${version}-1.${ARCH[target].rpm}.rpm`,
  tarball: `tenken-${version}-linux-${ARCH[target].name}.tar.gz`,
});

/** The file system tree the .deb and the .rpm install. */
async function stageRoot(root: string, bundle: string, node: string): Promise<void> {
  await stageProgram(join(root, 'opt', 'tenken'), { bundle, node, prefix: LINUX_PREFIX });
  await mkdir(join(root, 'usr', 'bin'), { recursive: true });
  await symlink(`${LINUX_PREFIX}/bin/tenken`, join(root, 'usr', 'bin', 'tenken'));
  await mkdir(join(root, 'usr', 'lib', 'systemd', 'system'), { recursive: true });
  await copyFile(join(HERE, 'linux', 'tenken-collector.service'), join(root, 'usr', 'lib', 'systemd', 'system', 'tenken-collector.service'));
}

export async function buildLinux(options: { target: keyof typeof ARCH; version: string; bundle: string; node: string; work: string; out: string }): Promise<string[]> {
  const { target, version, bundle, node, work, out } = options;
  const names = linuxPackageNames(version, target);
  const arch = ARCH[target];
  await rm(work, { recursive: true, force: true });

  const deb = join(work, 'deb');
  await stageRoot(deb, bundle, node);
  await mkdir(join(deb, 'DEBIAN'));
  const { stdout: du } = await run('du', ['-sk', '--apparent-size', join(deb, 'opt'), join(deb, 'usr')]);
  const installedKb = du.split('\n').reduce((sum, line) => sum + (Number(line.split('\t')[0]) || 0), 0);
  await writeFile(
    join(deb, 'DEBIAN', 'control'),
    [
      'Package: tenken',
      `Version: ${version}`,
      `Architecture: ${arch.deb}`,
      'Maintainer: tenken maintainers <tenken@users.noreply.github.com>',
      `Installed-Size: ${installedKb}`,
      // What the official Node.js binary links against (ldd): glibc 2.28, libstdc++ (GLIBCXX_3.4.21), libatomic.
      'Depends: libc6 (>= 2.28), libstdc++6 (>= 5.2), libgcc-s1, libatomic1',
      'Section: admin',
      'Priority: optional',
      "Description: endpoint posture checks mapped onto IPA's SME security guideline",
      " tenken checks this PC against IPA's guideline (OS updates, antivirus, screen lock, disk",
      ' encryption, Wi-Fi, firewall), reports what to fix in Japanese or English, and sends signed',
      " reports to the organisation's collector. It carries its own Node.js runtime in /opt/tenken.",
      '',
    ].join('\n'),
  );
  for (const script of ['postinst', 'prerm', 'postrm']) await copyFile(join(HERE, 'linux', script), join(deb, 'DEBIAN', script));
  await run('dpkg-deb', ['--root-owner-group', '-Zxz', '-z1', '--build', deb, join(out, names.deb)]);

  // The same tree, without the Debian control folder, for rpmbuild.
  const rpmRoot = join(work, 'rpm-root');
  await stageRoot(rpmRoot, bundle, node);
  const spec = join(work, 'tenken.spec');
  await writeFile(spec, (await readFile(join(HERE, 'linux', 'tenken.spec'), 'utf8')).replaceAll('@VERSION@', version).replaceAll('@STAGE@', rpmRoot));
  await run('rpmbuild', [
    '-bb',
    '--target',
    `${arch.rpm}-linux`,
    '--define',
    `_topdir ${join(work, 'rpmbuild')}`,
    '--define',
    `_rpmdir ${out}`,
    '--define',
    '_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm',
    '--define',
    '_binary_payload w1.xzdio',
    spec,
  ]);

  await buildTarball(join(out, names.tarball), { work: join(work, 'tar'), bundle, node, prefix: LINUX_PREFIX });
  return [names.deb, names.rpm, names.tarball];
}
