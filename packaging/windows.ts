/**
 * The Windows MSI (x64, arm64), built on Linux with msitools: `wixl` compiles the WiX source generated here,
 * then `msibuild` fixes what wixl 0.101 cannot express (research note installers-2026-12.md §6): the
 * Environment table that puts tenken on the machine PATH, SecureCustomProperties (so managed installs pass
 * the public properties), HideTarget on the action that carries the secret, the Arm64 summary template.
 *
 * Installed: %ProgramFiles%\tenken\{node.exe (OpenJS's, unmodified and signed), tenken.cmd, lib\, policies\,
 * schema\, package.json}. Deferred, no-impersonation (SYSTEM) custom actions run tenken itself:
 *   install   node.exe lib\tenken.js install --collector "[COLLECTOR_URL]" --secret "[ENROLL_SECRET]" … (not on removal)
 *   uninstall node.exe lib\tenken.js uninstall [--purge]   (on removal, not when an upgrade removes the old version)
 * Empty properties keep what is configured (tenken install), so an upgrade passes nothing and keeps the enrollment.
 */
import { createHash } from 'node:crypto';
import { copyFile, cp, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { BUNDLE_ENTRY } from './bundle.ts';
import { run } from './unix.ts';

/** Never changes: every version of the tenken MSI upgrades every earlier one. */
export const UPGRADE_CODE = '6B0E3C52-8E0B-4C59-9C1F-3D2A7E5B9F41';
export const PUBLIC_PROPERTIES = ['COLLECTOR_URL', 'ENROLL_SECRET', 'CA_CERT', 'CA_FINGERPRINT', 'SCHEDULE', 'PURGE'] as const;
/** Where the actions sit in InstallExecuteSequence: removal before RemoveFiles (3500), install after the files and PATH (5200) are written, before InstallFinalize (6600). */
export const SEQUENCE = { uninstall: 3490, install: 6590, removeExistingProducts: 1401, writeEnvironment: 5200, removeEnvironment: 3000 } as const;
export const ARCH = { 'windows-x64': 'x64', 'windows-arm64': 'arm64' } as const;
export const msiName = (version: string, target: keyof typeof ARCH) => `tenken-${version}-windows-${ARCH[target]}.msi`;

const ENTRY = BUNDLE_ENTRY.replaceAll('/', '\\');
export const INSTALL_COMMAND = `"[#${fileId(BUNDLE_ENTRY)}]" install --collector "[COLLECTOR_URL]" --secret "[ENROLL_SECRET]" --ca-file "[CA_CERT]" --ca-fingerprint "[CA_FINGERPRINT]" --every "[SCHEDULE]"`;
export const UNINSTALL_COMMAND = `"[#${fileId(BUNDLE_ENTRY)}]" uninstall`;
export const CONDITIONS = {
  install: 'NOT (REMOVE~="ALL")',
  uninstall: '(REMOVE~="ALL") AND (NOT UPGRADINGPRODUCTCODE) AND (NOT PURGE)',
  purge: '(REMOVE~="ALL") AND (NOT UPGRADINGPRODUCTCODE) AND PURGE',
} as const;

/** `tenken` in any terminal: tenken.cmd beside node.exe, on the machine PATH. */
export const TENKEN_CMD = `@echo off\r\nrem tenken: the Node.js runtime shipped beside this file runs the bundle (packaging/windows.ts).\r\n"%~dp0node.exe" "%~dp0${ENTRY}" %*\r\n`;

/** A stable identifier for an installed file (MSI keys: letters, digits, underscores, dots; at most 72). */
function fileId(path: string): string {
  const id = `f_${path.replace(/[^A-Za-z0-9]/g, '_')}`;
  return id.length <= 72 ? id : `f_${createHash('sha1').update(path).digest('hex')}`;
}

/** A component GUID derived from the upgrade code and the file's path: the same file keeps its GUID across versions (MSI component rules). */
function componentGuid(path: string): string {
  const h = createHash('sha1').update(`${UPGRADE_CODE}/${path}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`.toUpperCase();
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) out.push(relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
  return out.sort();
}

/** The WiX source for the staged folder: `files` relative to it, `stage` relative to where wixl runs (wixl wants relative sources). */
export function wixSource(options: { version: string; files: readonly string[]; stage: string; arm64: boolean }): string {
  type Dir = { dirs: Map<string, Dir>; files: string[] };
  const root: Dir = { dirs: new Map(), files: [] };
  for (const file of options.files) {
    const parts = file.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      if (!dir.dirs.has(part)) dir.dirs.set(part, { dirs: new Map(), files: [] });
      dir = dir.dirs.get(part)!;
    }
    dir.files.push(file);
  }
  const components: string[] = [];
  const render = (dir: Dir, indent: string): string[] => {
    const lines: string[] = [];
    for (const file of dir.files) {
      const id = fileId(file);
      components.push(`c_${id.slice(2)}`);
      lines.push(
        `${indent}<Component Id="c_${id.slice(2)}" Guid="${componentGuid(file)}" Win64="yes">`,
        `${indent}  <File Id="${id}" Name="${xml(file.split('/').at(-1)!)}" Source="${xml(`${options.stage}/${file}`)}" KeyPath="yes"/>`,
        `${indent}</Component>`,
      );
    }
    for (const [name, sub] of dir.dirs) {
      lines.push(`${indent}<Directory Id="d_${name.replace(/[^A-Za-z0-9]/g, '_')}" Name="${xml(name)}">`, ...render(sub, `${indent}  `), `${indent}</Directory>`);
    }
    return lines;
  };
  const tree = render(root, '          ');
  const custom = (id: string, command: string, ret: 'check' | 'ignore') =>
    `    <CustomAction Id="${id}" FileKey="f_node_exe" ExeCommand="${xml(command)}" Execute="deferred" Impersonate="no" Return="${ret}"/>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by packaging/windows.ts: the tenken MSI. wixl 0.101 needs Win64="yes" on every Component and an explicit Sequence on every Custom. -->
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="tenken" Language="1033" Version="${options.version}" Manufacturer="tenken" UpgradeCode="${UPGRADE_CODE}">
    <Package InstallerVersion="${options.arm64 ? 500 : 200}" Compressed="yes" InstallScope="perMachine" Description="tenken endpoint posture checks" Comments="Checks this PC against IPA's SME information security guideline"/>
    <MajorUpgrade DowngradeErrorMessage="A newer version of tenken is already installed."/>
    <Media Id="1" Cabinet="tenken.cab" EmbedCab="yes"/>
    <Property Id="SCHEDULE" Value="24h"/>
    <Property Id="MsiHiddenProperties" Value="ENROLL_SECRET"/>
    <Property Id="ARPNOMODIFY" Value="1"/>
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="INSTALLDIR" Name="tenken">
${tree.join('\n')}
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main" Level="1">
${components.map((c) => `      <ComponentRef Id="${c}"/>`).join('\n')}
    </Feature>
${custom('TenkenInstall', INSTALL_COMMAND, 'check')}
${custom('TenkenUninstall', UNINSTALL_COMMAND, 'ignore')}
${custom('TenkenUninstallPurge', `${UNINSTALL_COMMAND} --purge`, 'ignore')}
    <InstallExecuteSequence>
      <Custom Action="TenkenUninstall" Sequence="${SEQUENCE.uninstall}">${xml(CONDITIONS.uninstall)}</Custom>
      <Custom Action="TenkenUninstallPurge" Sequence="${SEQUENCE.uninstall + 1}">${xml(CONDITIONS.purge)}</Custom>
      <Custom Action="TenkenInstall" Sequence="${SEQUENCE.install}">${xml(CONDITIONS.install)}</Custom>
    </InstallExecuteSequence>
  </Product>
</Wix>
`;
}

/** The msibuild SQL that finishes what wixl cannot write. */
export function postProcessQueries(version: string): string[] {
  const cmd = fileId('tenken.cmd');
  return [
    `UPDATE Property SET Value='WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED;${PUBLIC_PROPERTIES.join(';')}' WHERE Property='SecureCustomProperties'`,
    // 18 (an installed executable) + 1024 (deferred) + 2048 (no impersonation: SYSTEM) + 8192 (HideTarget: the secret stays out of the log).
    "UPDATE CustomAction SET Type=11282 WHERE Action='TenkenInstall'",
    // Remove the old version completely before the new one is installed: its uninstall keeps the enrollment (UPGRADINGPRODUCTCODE).
    `UPDATE InstallExecuteSequence SET Sequence=${SEQUENCE.removeExistingProducts} WHERE Action='RemoveExistingProducts'`,
    // A rebuild of the same version (a per-organisation MSI, a fixed build) replaces the installed one instead of
    // installing beside it: the upgrade row includes its own version (1 migrate features + 512 maximum inclusive).
    // Attributes are part of the Upgrade table's key, so the row is replaced, not updated.
    "DELETE FROM `Upgrade` WHERE `ActionProperty`='WIX_UPGRADE_DETECTED'",
    `INSERT INTO \`Upgrade\` (\`UpgradeCode\`, \`VersionMax\`, \`Attributes\`, \`ActionProperty\`) VALUES ('{${UPGRADE_CODE}}', '${version}', 513, 'WIX_UPGRADE_DETECTED')`,
    'CREATE TABLE `Environment` (`Environment` CHAR(72) NOT NULL, `Name` CHAR(255) NOT NULL LOCALIZABLE, `Value` CHAR(255) LOCALIZABLE, `Component_` CHAR(72) NOT NULL PRIMARY KEY `Environment`)',
    // =: set, -: remove on uninstall, *: the machine (system) variable; [~]; appends to what PATH already holds.
    `INSERT INTO \`Environment\` (\`Environment\`, \`Name\`, \`Value\`, \`Component_\`) VALUES ('TenkenPath', '=-*PATH', '[~];[INSTALLDIR]', 'c_${cmd.slice(2)}')`,
    `INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`) VALUES ('RemoveEnvironmentStrings', ${SEQUENCE.removeEnvironment})`,
    `INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`) VALUES ('WriteEnvironmentStrings', ${SEQUENCE.writeEnvironment})`,
  ];
}

/** Authenticode signing of the MSI with the organisation's certificate (osslsigncode); a timestamp only when a server is named. */
export interface Signing {
  readonly cert: string;
  readonly key: string;
  readonly timestampUrl?: string;
}

export async function buildMsi(options: { target: keyof typeof ARCH; version: string; bundle: string; node: string; work: string; out: string; sign?: Signing }): Promise<string> {
  const { target, version, bundle, node, work, out } = options;
  const arm64 = target === 'windows-arm64';
  await rm(work, { recursive: true, force: true });
  const stage = join(work, 'stage');
  await mkdir(stage, { recursive: true });
  await cp(bundle, stage, { recursive: true });
  await copyFile(node, join(stage, 'node.exe'));
  await writeFile(join(stage, 'tenken.cmd'), TENKEN_CMD);
  const wxs = join(work, 'tenken.wxs');
  await writeFile(wxs, wixSource({ version, files: await listFiles(stage), stage: 'stage', arm64 }));
  const msi = join(out, msiName(version, target));
  await rm(msi, { force: true });
  await run('wixl', ['-a', 'x64', '-o', msi, wxs], { cwd: work, maxBuffer: 16 << 20 });
  for (const query of postProcessQueries(version)) await run('msibuild', [msi, '-q', query]);
  if (arm64) await run('msibuild', [msi, '-s', 'tenken', 'tenken', 'Arm64;1033']);
  if (options.sign) {
    const { cert, key, timestampUrl } = options.sign;
    const signed = `${msi}.signed`;
    await run('osslsigncode', ['sign', '-certs', cert, '-key', key, '-n', 'tenken', ...(timestampUrl ? ['-t', timestampUrl] : []), '-in', msi, '-out', signed]);
    await rename(signed, msi);
  }
  await stat(msi);
  return msiName(version, target);
}
