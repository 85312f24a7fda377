/**
 * A macOS bundle's version as its Info.plist states it, for the probes that report what is installed (XProtect,
 * browsers). `plutil -extract … raw` (macOS 12+) prints the bare value whether the plist is XML or binary, which
 * reading the file ourselves could not do without a binary-plist parser.
 */
import { PermissionDeniedError } from './host/errors.ts';
import { because, saidBy, type ProbeContext, type Reason } from './probe.ts';

export type BundleVersion = { version: string; mtime: string | null } | { problem: Reason; exists: boolean };

/** The bare value `plutil -extract <key> raw -o - <file>` prints (macOS 12+), or null for an empty answer. */
export function parsePlutilRaw(stdout: string): string | null {
  const v = stdout.trim();
  return v === '' ? null : v;
}

/** CFBundleShortVersionString of a bundle, with its Info.plist's modification time. */
export async function bundleVersion(ctx: ProbeContext, bundle: string): Promise<BundleVersion> {
  const info = `${bundle}/Contents/Info.plist`;
  let stat;
  try {
    stat = await ctx.stat(info);
  } catch (e) {
    if (e instanceof PermissionDeniedError) return { problem: because('file.privacy-protected', { path: info }), exists: true };
    throw e;
  }
  if (!stat) return { problem: because('file.missing', { path: info }), exists: false };
  const r = await ctx.run('plutil', ['-extract', 'CFBundleShortVersionString', 'raw', '-o', '-', info]);
  const version = r.exitCode === 0 ? parsePlutilRaw(r.stdout) : null;
  if (!version) return { problem: r.exitCode !== 0 ? because('command.failed', { command: 'plutil -extract CFBundleShortVersionString', exitCode: r.exitCode }, saidBy(r)) : because('value.missing', { source: info, name: 'CFBundleShortVersionString' }), exists: true };
  return { version, mtime: stat.mtime };
}

/**
 * /Applications and every user's ~/Applications that exists (Chrome and others can install per user): home
 * folders are world-listable on macOS and ~/Applications is not a privacy-protected folder, so no console user
 * and no Full Disk Access are needed. A home that cannot be entered is skipped.
 */
export async function applicationFolders(ctx: ProbeContext): Promise<string[]> {
  const users = ((await ctx.listDir('/Users')) ?? []).filter((u) => !u.startsWith('.') && u !== 'Shared');
  const own: string[] = [];
  for (const u of users) {
    const dir = `/Users/${u}/Applications`;
    const st = await ctx.stat(dir).catch((e: unknown) => {
      if (e instanceof PermissionDeniedError) return undefined;
      throw e;
    });
    if (st?.type === 'directory') own.push(dir);
  }
  return ['/Applications', ...own];
}
