/**
 * Root's PATH: only the OS's own folders, and of those only the ones no other user can change. The macOS and
 * Windows branches are driven by the platform and by folder layouts converted from published ones
 * (test/fixtures/system-path/README.md); the Linux branch also runs for real on this machine.
 */
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UntrustedFolderError } from '../src/host/errors.ts';
import { createLiveHost } from '../src/host/live-host.ts';
import type { Platform } from '../src/host/host.ts';
import { PosixFolder, WindowsFolder, checkSystemFolders, posixChain, posixUnsafeReason, systemFolders, windowsUnsafeReason } from '../src/host/system-path.ts';

const fixture = async (name: string): Promise<unknown> => JSON.parse(await readFile(new URL(`fixtures/system-path/${name}`, import.meta.url), 'utf8'));

async function posixLayout(name: string): Promise<Map<string, PosixFolder[]>> {
  const raw = (await fixture(name)) as Record<string, unknown>;
  return new Map(Object.entries(raw).map(([folder, chain]) => [folder, PosixFolder.array().parse(chain)]));
}

describe('the system PATH on each OS', () => {
  it.each<[Platform, string]>([
    ['darwin', 'darwin-intel-homebrew.json'],
    ['linux', 'linux-debian-staff-usr-local.json'],
  ])('%s: every folder on root PATH passes on a machine whose /usr/local/bin a user can write to', async (platform, name) => {
    const layout = await posixLayout(name);
    expect(posixUnsafeReason(layout.get('/usr/local/bin')!)).toMatch(/^\/usr\/local\/bin is (owned by uid 501|writable by group 50)/);
    const path = await checkSystemFolders(systemFolders(platform, 'C:\\Windows'), async (f) => posixUnsafeReason(layout.get(f)!));
    // A user-writable folder on the list (the old /usr/local/sbin:/usr/local/bin first) would be refused here.
    expect(path.refused).toEqual(new Map());
    expect(path.folders).toEqual(systemFolders(platform, 'C:\\Windows'));
    expect(path.folders.some((f) => f.startsWith('/usr/local'))).toBe(false);
  });

  it.each<Platform>(['darwin', 'linux'])('%s: a system folder that a user can write to is refused with the reason', async (platform) => {
    const layout = await posixLayout(platform === 'darwin' ? 'darwin-intel-homebrew.json' : 'linux-debian-staff-usr-local.json');
    const userOwned = layout.get('/usr/local/bin')!;
    const path = await checkSystemFolders(systemFolders(platform, 'C:\\Windows'), async (f) =>
      posixUnsafeReason(f === '/usr/sbin' ? [{ ...userOwned[0]!, path: '/usr/sbin' }, ...layout.get('/usr/sbin')!.slice(1)] : layout.get(f)!),
    );
    expect(path.folders).not.toContain('/usr/sbin');
    expect(path.refused.get('/usr/sbin')).toMatch(/^\/usr\/sbin is (owned by uid 501|writable by group 50)/);
  });

  it('a folder above the system folder counts too, and every user writing is refused, group root is not', () => {
    const root = { path: '/', uid: 0, gid: 0, mode: 0o40755 };
    expect(posixUnsafeReason([{ path: '/opt/x', uid: 0, gid: 0, mode: 0o40755 }, { path: '/opt', uid: 0, gid: 0, mode: 0o40777 }, root])).toMatch(/^\/opt is writable by every user/);
    expect(posixUnsafeReason([{ path: '/usr/bin', uid: 0, gid: 0, mode: 0o40775 }, root])).toBeNull();
  });

  it('win32: C:\\Windows as installed passes; the same folder with Users:(M) is refused', async () => {
    const installed = WindowsFolder.parse(await fixture('win32-windows.json'));
    const modified = WindowsFolder.parse(await fixture('win32-windows-users-modify.json'));
    expect(windowsUnsafeReason(installed)).toBeNull();
    expect(windowsUnsafeReason(modified)).toBe('C:\\Windows can be written by S-1-5-32-545 (rights 0x1301bf)');
    const folders = systemFolders('win32', 'C:\\Windows');
    expect(folders).toEqual(['C:\\Windows\\System32', 'C:\\Windows', 'C:\\Windows\\System32\\Wbem', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0']);
    // System32 and its sub-folders carry the same rules as C:\Windows on an installed system.
    const as = (f: WindowsFolder, path: string) => ({ ...f, path });
    const path = await checkSystemFolders(folders, async (f) => windowsUnsafeReason(f === 'C:\\Windows' ? modified : as(installed, f)));
    expect(path.folders).toEqual(['C:\\Windows\\System32', 'C:\\Windows\\System32\\Wbem', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0']);
    expect([...path.refused.keys()]).toEqual(['C:\\Windows']);
  });

  it('win32: an owner other than SYSTEM/Administrators/TrustedInstaller, or unreadable rules, is refused', async () => {
    const installed = WindowsFolder.parse(await fixture('win32-windows.json'));
    expect(windowsUnsafeReason({ ...installed, owner: 'S-1-5-21-1004336348-1177238915-682003330-1001' })).toMatch(/is owned by S-1-5-21-/);
    expect(windowsUnsafeReason({ path: 'C:\\Windows', error: 'Attempted to perform an unauthorized operation.' })).toMatch(/could not be read/);
  });
});

describe('the live host (Linux, for real)', () => {
  it('runs commands with the trusted system PATH only', async () => {
    const host = await createLiveHost();
    const r = await host.run('sh', ['-c', 'printf %s "$PATH"']);
    expect(r.stdout).toBe('/usr/sbin:/usr/bin:/sbin:/bin');
  });

  it('gives systeminformation, which starts its own commands through a shell, the trusted PATH too', async () => {
    process.env.PATH = `${tmpdir()}:/usr/local/bin:${process.env.PATH}`;
    const host = await createLiveHost();
    await host.si('osInfo');
    expect(process.env.PATH).toBe('/usr/sbin:/usr/bin:/sbin:/bin');
  });

  it('reads the chain of a folder that every user can write to', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'tenken-path-')), 'bin');
    await mkdir(dir);
    await chmod(dir, 0o777);
    await writeFile(join(dir, 'sw_vers'), '#!/bin/sh\n');
    const chain = (await posixChain(dir))!;
    expect(chain.at(-1)?.path).toBe('/');
    expect(posixUnsafeReason(chain)).toMatch(/is writable by every user|is owned by uid/);
  });

  it('names the refused folder when a program is only there', () => {
    expect(new UntrustedFolderError('sw_vers', '/usr/local/bin', '/usr/local/bin is owned by uid 501, not root').message).toBe(
      'sw_vers was not run: it is in /usr/local/bin, and /usr/local/bin is owned by uid 501, not root (tenken runs programs only from folders no other user can change)',
    );
  });
});
