/**
 * macOS collector of the p2p-software probe: every *.app in /Applications and each user's ~/Applications,
 * by the CFBundleIdentifier of its Info.plist. Apps built by Xcode or CMake keep an XML Info.plist, which is read
 * as a file (no process per app); a binary one (bplist00) is searched for the listed ids' bytes, since a binary
 * plist stores an ASCII string as its bytes. Readable as any user; no Full Disk Access needed.
 */
import { PermissionDeniedError } from '../../src/host/errors.ts';
import { applicationFolders } from '../../src/mac-bundle.ts';
import { parsePlist } from '../../src/plist.ts';
import { because, type ProbeContext, type Reason } from '../../src/probe.ts';
import { KNOWN_P2P, matchBundleId } from './known.ts';
import type { P2pFinding } from './p2p-software.ts';
import { summarize } from './summary.ts';

/** The bundle id an Info.plist names, or, for a binary plist, the listed id found among its bytes. */
export function bundleIdOf(text: string): string | undefined {
  if (text.startsWith('bplist00')) {
    const lower = text.toLowerCase();
    return KNOWN_P2P.software.flatMap((s) => s.macos ?? []).find((id) => lower.includes(id.toLowerCase()));
  }
  // Anything else (an empty or truncated file) is not parsed: the XML parser would only complain on stderr.
  if (!/<plist[\s>]/.test(text)) return undefined;
  try {
    const doc = parsePlist(text) as { CFBundleIdentifier?: unknown } | null;
    return typeof doc?.CFBundleIdentifier === 'string' ? doc.CFBundleIdentifier : undefined;
  } catch {
    return undefined;
  }
}

export async function collectDarwin(ctx: ProbeContext) {
  const findings: P2pFinding[] = [];
  const unread: Reason[] = [];
  for (const folder of await applicationFolders(ctx)) {
    let apps: string[] | undefined;
    try {
      apps = await ctx.listDir(folder);
    } catch (e) {
      if (!(e instanceof PermissionDeniedError)) throw e;
      unread.push(because('file.unreadable', { path: folder }));
      continue;
    }
    for (const app of (apps ?? []).filter((a) => a.endsWith('.app'))) {
      const info = `${folder}/${app}/Contents/Info.plist`;
      // Binary plists are read as latin1 so that their bytes survive; 1 MiB is far more than an Info.plist holds.
      const text = await ctx.readFile(info, { maxBytes: 1 << 20 }).catch((e: unknown) => {
        if (e instanceof PermissionDeniedError) return undefined;
        throw e;
      });
      const id = text === undefined ? undefined : bundleIdOf(text);
      const software = id === undefined ? undefined : matchBundleId(id);
      if (software) findings.push({ software, seenIn: 'app-bundle', as: `${id} (${folder}/${app})` });
    }
  }
  return summarize(findings, unread);
}
