/**
 * Writes a file so that a reader never sees half of it: a temporary file beside it, then a rename. A rename
 * replaces whatever has the name, so it is used only where that is a regular file (or nothing yet): a
 * symbolic link is followed to the file it names, a terminal or a pipe (`--out /dev/stdout`, a FIFO) is
 * written through, and a folder, a disk device or a socket is refused.
 */
import { randomBytes } from 'node:crypto';
import { access, chmod, chown, lstat, open, readlink, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { constants, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fill } from './fix/text.ts';
import { SAFETY_MESSAGES as S } from './i18n/safety-messages.ts';
import type { Localized } from './report/schema.ts';

/** Temporary files writeFileAtomic leaves behind only when the process dies between write and rename. */
export const isAtomicTempName = (name: string): boolean => name.startsWith('.') && name.endsWith('.tmp');

export interface AtomicWriteOptions {
  /**
   * Exact permissions of the new file (POSIX), umask aside, e.g. 0o600 for a private key: the temp file is
   * created with them, so the content is never readable by others, not even for an instant.
   */
  readonly mode?: number;
  /**
   * Also fsync the folder after the rename, so that the new name itself survives a power cut (the data is
   * always flushed). For files that must never be lost once written: the delivery queue, the device key.
   */
  readonly durable?: boolean;
}

/** An output file tenken did not write, and why, in both languages (thrown far from the command's options). */
abstract class OutputFileError extends Error {
  readonly file: string;
  readonly text: Localized;
  constructor(file: string, text: Localized) {
    super(text.en);
    this.file = file;
    this.text = text;
  }
}

/** A path tenken will not write to (a folder, a disk device, a socket): exit 2. */
export class UnwritableOutputError extends OutputFileError {
  override readonly name = 'UnwritableOutputError';
}

const notAFile = (file: string, kind: Localized) => new UnwritableOutputError(file, fill(S.outputNotAFile, { file, kind }));

/**
 * An output file that could not be written where it was asked for (its folder missing, not a folder, not writable,
 * read-only or full): exit 4 ("the report could not be written"), never as an internal error.
 */
export class OutputWriteError extends OutputFileError {
  override readonly name = 'OutputWriteError';
}

/** Why the folder `dir` cannot take a new file, from the error writing or checking it; undefined for other errors. */
function unwritable(file: string, dir: string, e: unknown): OutputWriteError | undefined {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? S.whyFolderMissing
      : code === 'ENOTDIR'
        ? S.whyNotAFolder
        : code === 'EACCES' || code === 'EPERM'
          ? S.whyNoPermission
          : code === 'EROFS'
            ? S.whyReadOnly
            : code === 'ENOSPC' || code === 'EDQUOT'
              ? S.whyDiskFull
              : undefined;
  return why && new OutputWriteError(file, fill(S.outputUnwritable, { file, why: fill(why, { dir }) }));
}

/**
 * Refuses, before any work, an output file that cannot be written: what writeFileAtomic refuses, and a folder that
 * does not exist or this user may not write in. A scan (seconds, on Windows) checks its --out first, so that a typo
 * in the path does not throw its report away.
 */
export async function checkOutputFile(path: string): Promise<void> {
  const target = await writeTarget(path).catch((e: unknown) => {
    throw unwritable(path, dirname(resolve(path)), e) ?? e;
  });
  if (target.through) return;
  const dir = dirname(target.path);
  await access(dir, constants.W_OK).catch((e: unknown) => {
    throw unwritable(path, dir, e) ?? e;
  });
}

/** writeFileAtomic for a file the user named (--out): a folder that is missing, not writable or full is said plainly. */
export async function writeOutputFile(path: string, data: string): Promise<void> {
  await writeFileAtomic(path, data).catch((e: unknown) => {
    throw unwritable(path, dirname(resolve(path)), e) ?? e;
  });
}

/** Text is written as UTF-8; bytes as they are (Task Scheduler's UTF-16 XML). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const target = await writeTarget(path);
  const encoding = typeof data === 'string' ? { encoding: 'utf8' as const } : {};
  if (target.through) {
    // A terminal, /dev/null or a pipe: it has no "half a file" to hide, and replacing the node would break it.
    await writeFile(path, data, encoding);
    return;
  }
  const tmp = join(dirname(target.path), `.${basename(target.path)}.${randomBytes(6).toString('hex')}.tmp`);
  // Replacing a file keeps what writing into it would keep: its permissions (a report someone made private
  // stays private) and, where allowed, its owner.
  const mode = options.mode ?? (target.replaced ? target.replaced.mode & 0o7777 : undefined);
  try {
    await writeFile(tmp, data, { ...encoding, flush: true, ...(mode !== undefined ? { mode } : {}) });
    if (mode !== undefined) await chmod(tmp, mode);
    if (target.replaced && options.mode === undefined) await keepOwner(tmp, target.replaced);
    await rename(tmp, target.path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  if (options.durable) await fsyncDir(dirname(target.path));
}

type Target = { readonly through: true } | { readonly through: false; readonly path: string; readonly replaced?: Stats };

/** What writing to `path` means: through to a device or pipe, or a rename at the real path of a (future) regular file. */
async function writeTarget(path: string): Promise<Target> {
  let s: Stats;
  try {
    s = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw notAFile(path, S.kindLinkLoop);
    if (code !== 'ENOENT') throw e;
    return { through: false, path: await danglingTarget(path) };
  }
  if (s.isFile()) return { through: false, path: await realpath(path), replaced: s };
  if (s.isCharacterDevice() || s.isFIFO()) return { through: true };
  throw notAFile(path, s.isDirectory() ? S.kindDirectory : s.isBlockDevice() ? S.kindBlockDevice : S.kindSocket);
}

/** The path a new file gets when `path` does not exist: a symbolic link whose target is missing creates that target. */
async function danglingTarget(path: string): Promise<string> {
  let p = path;
  // Linux gives up after 40 links too (ELOOP).
  for (let hops = 0; hops < 40; hops++) {
    const l = await lstat(p).catch(() => undefined);
    if (!l?.isSymbolicLink()) return p;
    p = resolve(dirname(p), await readlink(p));
  }
  throw notAFile(path, S.kindLinkLoop);
}

async function keepOwner(file: string, was: Stats): Promise<void> {
  try {
    await chown(file, was.uid, was.gid);
  } catch (e) {
    // Only root may give a file away; anyone else writes a file of their own, as they would with any editor.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
  }
}

/** fsync of a folder: makes renames and unlinks in it durable. Windows cannot open a folder for it; NTFS journals names. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EACCES' && code !== 'EINVAL') throw e;
  } finally {
    await handle?.close();
  }
}
