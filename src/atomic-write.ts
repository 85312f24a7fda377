/** Writes a file so that a reader never sees half of it: a temporary file beside it, then a rename. */
import { randomBytes } from 'node:crypto';
import { chmod, open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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

/** Text is written as UTF-8; bytes as they are (Task Scheduler's UTF-16 XML). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { ...(typeof data === 'string' ? { encoding: 'utf8' } : {}), flush: true, ...(options.mode !== undefined ? { mode: options.mode } : {}) });
    if (options.mode !== undefined) await chmod(tmp, options.mode);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  if (options.durable) await fsyncDir(dirname(path));
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
