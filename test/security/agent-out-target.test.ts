/**
 * `--out` (and every other write through src/atomic-write.ts) renames a finished temp file over its target;
 * that is right only for a regular file (RT-20). A symbolic link is followed to the file it names, a
 * character device or a FIFO is written through and stays what it is, a folder, a disk device or a socket is
 * refused with exit 2, a folder that cannot take the file is said plainly (exit 4: the report could not be written)
 * before any scan, and a file that is replaced keeps its permissions. Device nodes are made here with
 * mknod (root only), never the machine's own /dev/null.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnwritableOutputError, writeFileAtomic } from '../../src/atomic-write.ts';
import { runTenken } from '../support/run-cli.ts';

const RECORDING = join(import.meta.dirname, '..', 'recordings', 'linux-debian12-ci.yaml');
const asRoot = process.getuid?.() === 0;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenken-out-'));
});

const scanTo = (out: string) => runTenken(['scan', '--replay', RECORDING, '--format', 'json', '--out', out]);

describe('--out onto what is not a regular file', () => {
  it('a symbolic link: the file it names gets the report, the link stays a link', async () => {
    const target = join(dir, 'target.json');
    const link = join(dir, 'link.json');
    await writeFile(target, 'old');
    await symlink(target, link);
    const r = await scanTo(link);
    expect(r.code).not.toBe(4);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(target);
    expect(JSON.parse(await readFile(target, 'utf8'))).toHaveProperty('reportId');
  });

  it('a link to a link, and a link to a file not made yet: followed to the end', async () => {
    const final = join(dir, 'made-by-link.json');
    await symlink(final, join(dir, 'dangling'));
    await symlink(join(dir, 'dangling'), join(dir, 'chain'));
    await writeFileAtomic(join(dir, 'chain'), 'through two links\n');
    expect(await readFile(final, 'utf8')).toBe('through two links\n');
    expect((await lstat(join(dir, 'chain'))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(dir, 'dangling'))).isSymbolicLink()).toBe(true);
  });

  it('a FIFO: written through to its reader, and still a FIFO', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const chunks: Buffer[] = [];
    const read = new Promise<string>((resolve, reject) => {
      createReadStream(fifo).on('data', (c) => chunks.push(c as Buffer)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
    });
    const r = await scanTo(fifo);
    expect(r.code).not.toBe(4);
    expect(JSON.parse(await read)).toHaveProperty('reportId');
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  it.skipIf(!asRoot)('a character device (a /dev/null made with mknod): written through, the node kept', async () => {
    const device = join(dir, 'null');
    execFileSync('mknod', [device, 'c', '1', '3']);
    const r = await scanTo(device);
    expect(r.code).not.toBe(4);
    const s = await lstat(device);
    expect(s.isCharacterDevice()).toBe(true);
    expect(s.rdev).toBe((await stat('/dev/null')).rdev);
  });

  it.skipIf(!asRoot)('a disk device: refused with exit 2, named, and left alone', async () => {
    const device = join(dir, 'disk');
    // A loop device number: never opened, since tenken refuses before writing.
    execFileSync('mknod', [device, 'b', '7', '250']);
    const r = await scanTo(device);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`tenken: ${device} is a disk device (block device): tenken does not write there. Give a regular file, a terminal or a pipe as the output.\n`);
    expect((await lstat(device)).isBlockDevice()).toBe(true);
  });

  it('a link that leads back to itself: refused with exit 2, the links left as they are', async () => {
    const loop = join(dir, 'loop-a');
    await symlink(join(dir, 'loop-b'), loop);
    await symlink(loop, join(dir, 'loop-b'));
    const r = await scanTo(loop);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`tenken: ${loop} is a symbolic link that leads back to itself: tenken does not write there. Give a regular file, a terminal or a pipe as the output.\n`);
    expect(await readlink(loop)).toBe(join(dir, 'loop-b'));
  });

  it('a folder: refused with exit 2 in the locale\'s language', async () => {
    const folder = join(dir, 'folder');
    await mkdir(folder);
    const r = await runTenken(['scan', '--replay', RECORDING, '--out', folder], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`tenken: ${folder} はフォルダーのため、書き込みません。出力先には通常のファイル、端末、パイプを指定してください。\n`);
    await expect(writeFileAtomic(folder, 'x')).rejects.toBeInstanceOf(UnwritableOutputError);
  });
});

describe('--out where no file can be made', () => {
  it('a folder that does not exist: said before the scan (no host is created), exit 4, in both languages', async () => {
    const out = join(dir, 'no-such-folder', 'report.json');
    let scanned = false;
    const deps = {
      createHost: async () => {
        scanned = true;
        throw new Error('the scan must not start');
      },
    };
    const en = await runTenken(['scan', '--format', 'json', '--out', out], { ...deps, env: { LANG: 'C' } });
    expect(en.code).toBe(4);
    expect(en.stderr).toBe(`tenken: cannot write ${out}: the folder ${join(dir, 'no-such-folder')} does not exist.\n`);
    expect(en.stdout).toBe('');
    const ja = await runTenken(['scan', '--out', out], { ...deps, env: { LANG: 'ja_JP.UTF-8' } });
    expect(ja.code).toBe(4);
    expect(ja.stderr).toBe(`tenken: ${out} に書き込めません。フォルダー ${join(dir, 'no-such-folder')} がありません。\n`);
    expect(scanned).toBe(false);
  });

  it('a path through a file: said plainly, exit 4, for scan, self-check and record alike', async () => {
    await writeFile(join(dir, 'plain.txt'), 'a file, not a folder');
    const out = join(dir, 'plain.txt', 'report.json');
    for (const args of [['scan', '--replay', RECORDING], ['selfcheck', '--replay', RECORDING, '--no-save'], ['record']]) {
      const r = await runTenken([...args, '--out', out], { env: { LANG: 'C' } });
      expect(r.code, args[0]).toBe(4);
      expect(r.stderr, args[0]).toBe(`tenken: cannot write ${out}: a part of ${join(dir, 'plain.txt')} is not a folder.\n`);
    }
  });

  it.skipIf(asRoot)('a folder this user may not write in: exit 4, named', async () => {
    const locked = join(dir, 'locked');
    await mkdir(locked, { mode: 0o555 });
    const out = join(locked, 'report.json');
    const r = await scanTo(out);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(`tenken: cannot write ${out}: this user may not write in ${locked}.\n`);
  });
});

describe('--out onto a regular file', () => {
  it('replaces it whole, keeping its permissions (a report made private stays private)', async () => {
    const file = join(dir, 'private.json');
    await writeFile(file, 'old');
    await chmod(file, 0o600);
    expect((await scanTo(file)).code).not.toBe(4);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveProperty('reportId');
  });
});
