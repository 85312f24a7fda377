/**
 * Reading a program's configuration with its drop-in folders, in the lexical order the programs themselves use; a
 * file that does not exist is a fact, one this user may not read is a reason (src/probe.ts readFileOrReason).
 */
import { listDirOrReason, readFileOrReason, type ProbeContext, type Reason } from './probe.ts';

/** A drop-in folder: its files ending in `ext` (default `.conf`). */
export interface DropIns {
  readonly dir: string;
  readonly ext?: string;
}

/** The files of a drop-in folder, in lexical order; none when it is missing. */
async function dropIns(ctx: ProbeContext, { dir, ext = '.conf' }: DropIns): Promise<string[] | Reason> {
  const entries = await listDirOrReason(ctx, dir);
  return Array.isArray(entries) || entries === undefined ? (entries ?? []).filter((f) => f.endsWith(ext)).map((f) => `${dir}/${f}`) : entries;
}

/** The texts of the files that exist, in order; the first reason when one could not be read. */
export async function readConfigs(ctx: ProbeContext, entries: readonly (string | DropIns)[]): Promise<string[] | Reason> {
  const texts: string[] = [];
  for (const entry of entries) {
    const paths = typeof entry === 'string' ? [entry] : await dropIns(ctx, entry);
    if (!Array.isArray(paths)) return paths;
    for (const path of paths) {
      const text = await readFileOrReason(ctx, path);
      if (typeof text === 'object') return text;
      if (text !== undefined) texts.push(text);
    }
  }
  return texts;
}
