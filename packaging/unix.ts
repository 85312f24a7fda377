/**
 * What the macOS and Linux packages share: the installed tree (the bundle, the Node runtime in bin/, the
 * `tenken` command), and the tar.gz with install.sh / uninstall.sh. The `tenken` command is a shell script that
 * hands over to the shipped runtime with `exec` (no shell left in between, so SIGTERM from systemd, launchd
 * or a terminal reaches tenken itself). Its prefix is fixed per OS (/opt/tenken, /usr/local/tenken), because
 * the schedulers record the runtime's path.
 */
import { execFile } from 'node:child_process';
import { chmod, copyFile, cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUNDLE_ENTRY } from './bundle.ts';

export const run = promisify(execFile);
const HERE = import.meta.dirname;

export const launcherScript = (prefix: string): string =>
  `#!/bin/sh\n# tenken: the Node.js runtime shipped in ${prefix} runs the bundle (packaging/unix.ts).\nexec ${prefix}/bin/node ${prefix}/${BUNDLE_ENTRY} "$@"\n`;

/** The program folder as installed: <dir>/{bin/node, bin/tenken, lib/, policies/, schema/, package.json, share/}. */
export async function stageProgram(dir: string, options: { bundle: string; node: string; prefix: string }): Promise<void> {
  await cp(options.bundle, dir, { recursive: true });
  await mkdir(join(dir, 'bin'), { recursive: true });
  await copyFile(options.node, join(dir, 'bin', 'node'));
  await chmod(join(dir, 'bin', 'node'), 0o755);
  await writeFile(join(dir, 'bin', 'tenken'), launcherScript(options.prefix), { mode: 0o755 });
  await mkdir(join(dir, 'share'), { recursive: true });
  await copyFile(join(HERE, 'linux', 'tenken-collector.service'), join(dir, 'share', 'tenken-collector.service'));
}

/** tenken-VERSION-<os>-<arch>.tar.gz holding tenken/ with install.sh and uninstall.sh, owned by root. */
export async function buildTarball(out: string, options: { work: string; bundle: string; node: string; prefix: string }): Promise<void> {
  const top = join(options.work, 'tenken');
  await stageProgram(top, options);
  for (const script of ['install.sh', 'uninstall.sh']) await copyFile(join(HERE, 'unix', script), join(top, script));
  await run('tar', ['--owner=0', '--group=0', '--numeric-owner', '--sort=name', '-czf', out, '-C', options.work, 'tenken']);
}
