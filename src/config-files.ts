/**
 * Reading configuration files for probes: a file that does not exist is a fact (undefined), one this user may not
 * read is a reason, and drop-in folders are read in the lexical order the programs themselves use.
 */
import { PermissionDeniedError } from './host/errors.ts';
import { because, type ProbeContext, type Reason } from './probe.ts';

/** A file's text; undefined when it does not exist; a reason when this user may not read it. */
export async function readConfig(ctx: ProbeContext, path: string): Promise<string | undefined | Reason> {
  try {
    return await ctx.readFile(path);
  } catch (e) {
    if (e instanceof PermissionDeniedError) return because('file.unreadable', { path });
    throw e;
  }
}

/** A drop-in folder: its files ending in `ext` (default `.conf`). */
export interface DropIns {
  readonly dir: string;
  readonly ext?: string;
}

/** The files of a drop-in folder, in lexical order; none when it is missing. */
async function dropIns(ctx: ProbeContext, { dir, ext = '.conf' }: DropIns): Promise<string[] | Reason> {
  try {
    return ((await ctx.listDir(dir)) ?? []).filter((f) => f.endsWith(ext)).map((f) => `${dir}/${f}`);
  } catch (e) {
    if (e instanceof PermissionDeniedError) return because('file.unreadable', { path: dir });
    throw e;
  }
}

/** The texts of the files that exist, in order; the first reason when one could not be read. */
export async function readConfigs(ctx: ProbeContext, entries: readonly (string | DropIns)[]): Promise<string[] | Reason> {
  const texts: string[] = [];
  for (const entry of entries) {
    const paths = typeof entry === 'string' ? [entry] : await dropIns(ctx, entry);
    if (!Array.isArray(paths)) return paths;
    for (const path of paths) {
      const text = await readConfig(ctx, path);
      if (typeof text === 'object') return text;
      if (text !== undefined) texts.push(text);
    }
  }
  return texts;
}
