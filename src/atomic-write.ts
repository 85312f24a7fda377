/** Writes a file so that a reader never sees half of it: a temporary file beside it, then a rename. */
import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Text is written as UTF-8; bytes as they are (Task Scheduler's UTF-16 XML). `mode`: exact permissions, umask aside. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { readonly mode?: number } = {}): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { encoding: 'utf8', flush: true });
    if (options.mode !== undefined) await chmod(tmp, options.mode);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
