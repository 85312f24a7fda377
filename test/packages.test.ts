/**
 * The installers `npm run package` built into packages/out, read back with the tools that install them:
 * the MSIs with msitools (summary, tables, the files inside), the .deb installed into a clean Debian root
 * made with debootstrap (no Node.js there) and run inside it (chroot), the .rpm with rpm -qp, the tar.gz
 * files with tar. The Node runtimes must be the pinned ones, byte for byte (their publishers' signatures
 * intact). Where the packages were not built this file skips, unless TENKEN_REQUIRE_PACKAGES=1 (.ci/run
 * builds them first and sets it, so CI always runs it).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linuxPackageNames } from '../packaging/linux.ts';
import { macosTarballName } from '../packaging/macos.ts';
import { RUNTIMES, type Target } from '../packaging/runtimes.ts';
import { CONDITIONS, INSTALL_COMMAND, msiName, PUBLIC_PROPERTIES, SEQUENCE, UNINSTALL_COMMAND, UPGRADE_CODE, wixSource } from '../packaging/windows.ts';
import { PACKAGE_KINDS } from '../src/collector/dashboard/install-commands.ts';
import { AGENT_VERSION } from '../src/paths.ts';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'packages', 'out');
const RUNTIME_CACHE = join(ROOT, 'packages', 'runtimes');
const run = promisify(execFile);
const sh = async (file: string, args: string[], options: { cwd?: string } = {}) => (await run(file, args, { maxBuffer: 64 << 20, ...options })).stdout;
const V = AGENT_VERSION;
const built = existsSync(join(OUT, `tenken_${V}_amd64.deb`));
if (!built && process.env.TENKEN_REQUIRE_PACKAGES === '1') throw new Error(`packages/out has no tenken ${V} packages: run npm run package first`);
if (!built) console.warn('test/packages.test.ts: skipped, packages/out is empty (npm run package builds the installers)');

const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');
const runtimeFile = (target: Target) => join(RUNTIME_CACHE, `${RUNTIMES[target].npmPackage}-${RUNTIMES[target].version}`, RUNTIMES[target].binary);
/** msiinfo export's rows after its three header lines, as arrays of columns. */
const table = async (msi: string, name: string) =>
  (await sh('msiinfo', ['export', msi, name]))
    .split(/\r?\n/)
    .slice(3)
    .filter(Boolean)
    .map((line) => line.split('\t'));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenken-packages-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.runIf(built)('packages/out', () => {
  it('holds exactly the files the collector\'s Add PCs page links to, one of each kind', async () => {
    const files = (await readdir(OUT)).sort();
    expect(files).toEqual(PACKAGE_KINDS.map((k) => k.pattern.replace('VERSION', V)).sort());
  });
});

describe('the WiX source', () => {
  it('keeps the upgrade code and the component GUIDs across versions, so a newer MSI upgrades an older one', () => {
    const files = ['node.exe', 'tenken.cmd', 'lib/tenken.js', 'policies/baseline.yaml'];
    const a = wixSource({ version: '0.1.0', files, stage: 'stage', arm64: false });
    const b = wixSource({ version: '0.2.0', files, stage: 'stage', arm64: false });
    const guids = (s: string) => [...s.matchAll(/Guid="([0-9A-F-]{36})"/g)].map((m) => m[1]);
    expect(a).toContain(`UpgradeCode="${UPGRADE_CODE}"`);
    expect(b).toContain(`UpgradeCode="${UPGRADE_CODE}"`);
    expect(guids(a)).toHaveLength(4);
    expect(guids(b)).toEqual(guids(a));
    expect(new Set(guids(a)).size).toBe(4);
    expect(a).toContain('<Package InstallerVersion="200"');
    expect(wixSource({ version: '0.1.0', files, stage: 'stage', arm64: true })).toContain('<Package InstallerVersion="500"');
    // Every Custom has an explicit Sequence (wixl 0.101 misplaces Before/After) and every Component Win64.
    expect(a.match(/<Custom /g)).toHaveLength(3);
    expect(a.match(/<Custom [^>]*Sequence="\d+"/g)).toHaveLength(3);
    expect(a.match(/<Component /g)!.length).toBe(a.match(/<Component [^>]*Win64="yes"/g)!.length);
  });
});

describe.runIf(built).each([
  ['windows-x64', 'x64;1033', '200'],
  ['windows-arm64', 'Arm64;1033', '500'],
] as const)('%s MSI', (target, template, installerVersion) => {
  const msi = join(OUT, msiName(V, target));

  it('is an MSI for its processor, of at most 45 MB', async () => {
    const info = await sh('msiinfo', ['suminfo', msi]);
    expect(info).toContain(`Template: ${template}\n`);
    expect(info).toMatch(new RegExp(`^Version: ${installerVersion} `, 'm'));
    expect((await readFile(msi)).length).toBeLessThanOrEqual(45e6);
  });

  it('declares the public properties, hides the secret and keeps its upgrade code', async () => {
    const props = Object.fromEntries((await table(msi, 'Property')).map(([k, v]) => [k, v]));
    expect(props.UpgradeCode).toBe(`{${UPGRADE_CODE}}`);
    expect(props.ProductVersion).toBe(V);
    expect(props.SCHEDULE).toBe('24h');
    expect(props.MsiHiddenProperties).toBe('ENROLL_SECRET');
    expect(props.SecureCustomProperties!.split(';')).toEqual(['WIX_DOWNGRADE_DETECTED', 'WIX_UPGRADE_DETECTED', ...PUBLIC_PROPERTIES]);
    // Older versions and a rebuild of this one are upgraded (513: migrate features, maximum inclusive); newer ones only detected.
    expect((await table(msi, 'Upgrade')).sort()).toEqual([
      [`{${UPGRADE_CODE}}`, '', V, '', '513', '', 'WIX_UPGRADE_DETECTED'],
      [`{${UPGRADE_CODE}}`, V, '', '', '2', '', 'WIX_DOWNGRADE_DETECTED'],
    ]);
  });

  it('runs tenken install and uninstall as SYSTEM, deferred, at fixed places, with these command lines', async () => {
    expect(INSTALL_COMMAND).toBe(
      '"[#f_lib_tenken_js]" install --collector "[COLLECTOR_URL]" --secret "[ENROLL_SECRET]" --ca-file "[CA_CERT]" --ca-fingerprint "[CA_FINGERPRINT]" --every "[SCHEDULE]"',
    );
    // 18 installed executable + 1024 deferred + 2048 no impersonation; +8192 hides the secret from the log; +64 ignores the exit code.
    expect(await table(msi, 'CustomAction')).toEqual(
      expect.arrayContaining([
        ['TenkenInstall', '11282', 'f_node_exe', INSTALL_COMMAND, ''],
        ['TenkenUninstall', '3154', 'f_node_exe', UNINSTALL_COMMAND, ''],
        ['TenkenUninstallPurge', '3154', 'f_node_exe', `${UNINSTALL_COMMAND} --purge`, ''],
      ]),
    );
    const sequence = new Map((await table(msi, 'InstallExecuteSequence')).map(([action, condition, n]) => [action, { condition, n: Number(n) }]));
    expect(sequence.get('TenkenInstall')).toEqual({ condition: CONDITIONS.install, n: SEQUENCE.install });
    expect(sequence.get('TenkenUninstall')).toEqual({ condition: CONDITIONS.uninstall, n: SEQUENCE.uninstall });
    expect(sequence.get('TenkenUninstallPurge')).toEqual({ condition: CONDITIONS.purge, n: SEQUENCE.uninstall + 1 });
    expect(CONDITIONS.uninstall).toContain('NOT UPGRADINGPRODUCTCODE');
    const at = (action: string) => sequence.get(action)!.n;
    // install: after the files and PATH are written, inside the script; removal: before the files go; the old version removed first.
    expect(at('InstallFiles') < at('TenkenInstall') && at('WriteEnvironmentStrings') < at('TenkenInstall') && at('TenkenInstall') < at('InstallFinalize')).toBe(true);
    expect(at('InstallInitialize') < at('TenkenUninstall') && at('TenkenUninstallPurge') < at('RemoveFiles')).toBe(true);
    expect(at('InstallValidate') < at('RemoveExistingProducts') && at('RemoveExistingProducts') < at('InstallInitialize')).toBe(true);
    expect(await table(msi, 'Environment')).toEqual([['TenkenPath', '=-*PATH', '[~];[INSTALLDIR]', 'c_tenken_cmd']]);
  });

  it('installs the pinned node.exe untouched, the bundle and tenken.cmd into Program Files\\tenken', async () => {
    const files = new Map((await table(msi, 'File')).map(([key, , name]) => [key, name]));
    expect(files.get('f_node_exe')).toBe('node.exe');
    expect(files.get('f_lib_tenken_js')).toBe('tenken.js');
    expect(files.get('f_tenken_cmd')).toBe('tenken.cmd');
    const extracted = join(dir, target);
    await mkdir(extracted);
    await sh('msiextract', ['-C', extracted, msi]);
    // msiextract writes each folder below the root by its own name: ProgramFiles64Folder\tenken comes out as tenken/.
    expect(await table(msi, 'Directory')).toEqual(expect.arrayContaining([['INSTALLDIR', 'ProgramFiles64Folder', 'tenken'], ['ProgramFiles64Folder', 'TARGETDIR', '.']]));
    const installed = join(extracted, 'tenken');
    expect(await sha256(join(installed, 'node.exe'))).toBe(await sha256(runtimeFile(target)));
    for (const file of ['lib/tenken.js', 'lib/verify-worker.js', 'policies/baseline.yaml', 'schema/report.schema.json', 'package.json']) expect(existsSync(join(installed, file)), file).toBe(true);
    expect(await readFile(join(installed, 'tenken.cmd'), 'utf8')).toBe('@echo off\r\nrem tenken: the Node.js runtime shipped beside this file runs the bundle (packaging/windows.ts).\r\n"%~dp0node.exe" "%~dp0lib\\tenken.js" %*\r\n');
  });
});

describe.runIf(built).each(['linux-x64', 'linux-arm64'] as const)('%s packages', (target) => {
  const names = linuxPackageNames(V, target);

  it('the .deb installs /opt/tenken with the pinned node and /usr/bin/tenken, needs only the C libraries, and stays under 45 MB', async () => {
    const deb = join(OUT, names.deb);
    const info = await sh('dpkg-deb', ['-f', deb, 'Package', 'Version', 'Architecture', 'Depends']);
    expect(info).toBe(`Package: tenken\nVersion: ${V}\nArchitecture: ${target === 'linux-x64' ? 'amd64' : 'arm64'}\nDepends: libc6 (>= 2.28), libstdc++6 (>= 5.2), libgcc-s1, libatomic1\n`);
    const contents = await sh('dpkg-deb', ['-c', deb]);
    expect(contents).toMatch(/^-rwxr-xr-x root\/root .* \.\/opt\/tenken\/bin\/node$/m);
    expect(contents).toMatch(/^lrwxrwxrwx root\/root .* \.\/usr\/bin\/tenken -> \/opt\/tenken\/bin\/tenken$/m);
    expect(contents).toMatch(/\.\/usr\/lib\/systemd\/system\/tenken-collector\.service$/m);
    expect(contents).not.toMatch(/node_modules/);
    expect((await readFile(deb)).length).toBeLessThanOrEqual(45e6);
    const x = join(dir, `deb-${target}`);
    await sh('dpkg-deb', ['-x', deb, x]);
    expect(await sha256(join(x, 'opt/tenken/bin/node'))).toBe(await sha256(runtimeFile(target)));
    // Removal stops what tenken install registered; an upgrade does not.
    const prerm = await sh('dpkg-deb', ['--info', deb, 'prerm']);
    expect(prerm).toMatch(/if \[ "\$1" = remove \]; then[\s\S]*\/opt\/tenken\/bin\/tenken uninstall/);
  });

  it('the .rpm holds the same files, and uninstalls only when the last version goes', async () => {
    const rpm = join(OUT, names.rpm);
    const files = (await sh('rpm', ['-qlp', rpm])).split('\n');
    expect(files).toEqual(expect.arrayContaining(['/opt/tenken/bin/node', '/opt/tenken/bin/tenken', '/opt/tenken/lib/tenken.js', '/opt/tenken/policies/baseline.yaml', '/usr/bin/tenken', '/usr/lib/systemd/system/tenken-collector.service']));
    expect(files.some((f) => f.includes('node_modules'))).toBe(false);
    expect(await sh('rpm', ['-qp', '--queryformat', '%{NAME} %{VERSION}-%{RELEASE} %{ARCH}', rpm])).toBe(`tenken ${V}-1 ${target === 'linux-x64' ? 'x86_64' : 'aarch64'}`);
    const scripts = await sh('rpm', ['-qp', '--scripts', rpm]);
    expect(scripts).toMatch(/preuninstall scriptlet[\s\S]*if \[ "\$1" -eq 0 \]; then[\s\S]*\/opt\/tenken\/bin\/tenken uninstall/);
    expect(scripts).toMatch(/postinstall scriptlet[\s\S]*sudo tenken install --collector/);
  });

  it('the tar.gz holds tenken/ with install.sh, uninstall.sh and a launcher for /opt/tenken', async () => {
    const list = (await sh('tar', ['-tzf', join(OUT, names.tarball)])).split('\n');
    expect(list).toEqual(expect.arrayContaining(['tenken/install.sh', 'tenken/uninstall.sh', 'tenken/bin/node', 'tenken/bin/tenken', 'tenken/lib/tenken.js', 'tenken/share/tenken-collector.service']));
    expect(await sh('tar', ['-xzOf', join(OUT, names.tarball), 'tenken/bin/tenken'])).toContain('exec /opt/tenken/bin/node /opt/tenken/lib/tenken.js "$@"\n');
  });
});

describe.runIf(built).each(['macos-arm64', 'macos-x64'] as const)('%s tar.gz', (target) => {
  it('carries the official Node binary untouched, the bundle, and install.sh for /usr/local/tenken', async () => {
    const tarball = join(OUT, macosTarballName(V, target));
    const x = join(dir, target);
    await mkdir(x);
    await sh('tar', ['-xzf', tarball, '-C', x]);
    expect(await sha256(join(x, 'tenken/bin/node'))).toBe(await sha256(runtimeFile(target)));
    expect(await readFile(join(x, 'tenken/bin/tenken'), 'utf8')).toContain('exec /usr/local/tenken/bin/node /usr/local/tenken/lib/tenken.js "$@"\n');
    const install = await readFile(join(x, 'tenken/install.sh'), 'utf8');
    expect(install).toContain('Darwin) prefix=/usr/local/tenken');
    expect(install).toContain('exec "$prefix/bin/tenken" install "$@"');
  });
});

/**
 * A clean Debian 12 (debootstrap --variant=minbase: no Node.js) made once and kept in a cache folder;
 * every test works on a copy of it.
 */
const DEBIAN_CACHE = process.env.TENKEN_DEBIAN_ROOT_CACHE || '/var/cache/tenken-test';
async function debianRoot(): Promise<string | { skip: string }> {
  const cached = join(DEBIAN_CACHE, 'debian-bookworm-minbase');
  if (!existsSync(cached)) {
    const partial = `${cached}.partial`;
    await rm(partial, { recursive: true, force: true });
    await mkdir(DEBIAN_CACHE, { recursive: true });
    try {
      // libatomic1: what the .deb depends on beyond minbase (dpkg -i does not fetch dependencies).
      await run('debootstrap', ['--variant=minbase', '--include=libatomic1', 'bookworm', partial, 'http://deb.debian.org/debian'], { maxBuffer: 64 << 20 });
    } catch (e) {
      const out = `${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}`;
      if (/Failed getting release file|Temporary failure resolving|Could not resolve|unable to connect|Network is unreachable/i.test(out)) return { skip: `debootstrap cannot reach the Debian mirror: ${out.trim().split('\n').at(-1)}` };
      throw e;
    }
    await rename(partial, cached);
  }
  const copy = join(dir, 'debian');
  // cp -a, because the root holds device nodes (dev/null, dev/ptmx) that fs.cp cannot copy.
  await run('cp', ['-a', cached, copy]);
  return copy;
}

describe.runIf(built && process.arch === 'x64')('the .deb in a clean Debian 12 without Node.js', () => {
  it('installs, and tenken --version, scan --replay and probes run inside it; so does the tar.gz with install.sh', async (ctx) => {
    const root = await debianRoot();
    if (typeof root !== 'string') {
      console.warn(`test/packages.test.ts: ${root.skip}`);
      if (process.env.TENKEN_REQUIRE_PACKAGES === '1') throw new Error(root.skip);
      return ctx.skip();
    }
    const inRoot = (args: string[]) => sh('chroot', [root, ...args]);
    await expect(inRoot(['sh', '-c', 'command -v node || echo none'])).resolves.toBe('none\n');
    const deb = linuxPackageNames(V, 'linux-x64').deb;
    await cp(join(OUT, deb), join(root, 'tmp', deb));
    expect(await inRoot(['dpkg', '-i', `/tmp/${deb}`])).toContain('sudo tenken install --collector https://<collector> --secret <secret>');
    expect(await inRoot(['tenken', '--version'])).toBe(`${V}\n`);
    await cp(join(ROOT, 'test', 'recordings', 'linux-debian12-ci.yaml'), join(root, 'tmp', 'recording.yaml'));
    const report = JSON.parse(await inRoot(['tenken', 'scan', '--replay', '/tmp/recording.yaml', '--format', 'json']).catch((e: { stdout: string }) => e.stdout)) as { reportId: string; probes: { durationMs: number }[] };
    const golden = JSON.parse(await readFile(join(ROOT, 'test', 'golden', 'report-linux-debian12-ci.json'), 'utf8')) as object;
    expect({ ...report, reportId: '00000000-0000-4000-8000-000000000000', probes: report.probes.map((p) => ({ ...p, durationMs: 0 })) }).toEqual(golden);
    expect(await inRoot(['tenken', 'probes'])).toMatch(/^antivirus \d+\.\d+\.\d+ — Antivirus/m);
    // Removing it runs tenken uninstall (nothing scheduled here: it says so) and leaves no files behind.
    await writeFile(join(root, 'tmp', 'remove.sh'), 'dpkg --purge tenken 2>&1\n');
    expect(await inRoot(['sh', '/tmp/remove.sh'])).toContain('Removing tenken');
    expect(existsSync(join(root, 'opt', 'tenken'))).toBe(false);
    expect(existsSync(join(root, 'usr', 'bin', 'tenken'))).toBe(false);

    // The tar.gz's install.sh (the same script macOS runs) in the same clean root, then its uninstall.sh.
    const tarball = linuxPackageNames(V, 'linux-x64').tarball;
    await sh('tar', ['-xzf', join(OUT, tarball), '-C', join(root, 'tmp')]);
    expect(await inRoot(['/tmp/tenken/install.sh'])).toBe(
      'tenken を /opt/tenken にインストールしました / tenken is installed in /opt/tenken\nこの PC を登録するには / To enroll this PC: sudo tenken install --collector https://<collector> --secret <secret>\n',
    );
    expect(await inRoot(['tenken', '--version'])).toBe(`${V}\n`);
    expect(await inRoot(['readlink', '/usr/local/bin/tenken'])).toBe('/opt/tenken/bin/tenken\n');
    expect(await inRoot(['stat', '-c', '%U %a', '/opt/tenken/bin/node'])).toBe('root 755\n');
    expect(await inRoot(['/opt/tenken/uninstall.sh'])).toContain('tenken was removed (/opt/tenken)');
    expect(existsSync(join(root, 'opt', 'tenken'))).toBe(false);
    expect(existsSync(join(root, 'usr', 'local', 'bin', 'tenken'))).toBe(false);
  }, 600_000);
});
