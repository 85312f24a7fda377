/**
 * Linux collector: is `/` (and every swap on disk) below a dm-crypt/LUKS layer? Found by walking the
 * `lsblk --json` device tree upward from the device that /proc/self/mounts says holds `/` (LVM-on-LUKS and
 * LUKS-on-LVM alike; osquery needed the same parent walk, osquery#8052). Non-root.
 */
import { z } from 'zod';
import { because, reasons, runIfInstalled, saidBy, type ProbeContext } from '../../src/probe.ts';
import type { DiskEncryptionEvidence, SCHEMES } from './disk-encryption.ts';

export const LSBLK_ARGS = ['--json', '--paths', '--bytes', '--output', 'NAME,KNAME,TYPE,FSTYPE,MOUNTPOINT,RM,SIZE'] as const;

/** One lsblk node. util-linux ≥ 2.33 prints booleans and numbers; older versions print "0"/"1" and strings. */
const LsblkNode: z.ZodType<LsblkNode> = z.lazy(() =>
  z.object({
    name: z.string(),
    kname: z.string(),
    type: z.string(),
    fstype: z.string().nullable().optional(),
    mountpoint: z.string().nullable().optional(),
    rm: z.union([z.boolean(), z.string()]).optional(),
    size: z.union([z.number(), z.string()]).nullable().optional(),
    children: z.array(LsblkNode).optional(),
  }),
);
export interface LsblkNode {
  name: string;
  kname: string;
  type: string;
  fstype?: string | null | undefined;
  mountpoint?: string | null | undefined;
  rm?: boolean | string | undefined;
  size?: number | string | null | undefined;
  children?: LsblkNode[] | undefined;
}

/** A device and the chain of its ancestors up to the disk. */
export interface TreeEntry {
  readonly node: LsblkNode;
  readonly ancestors: readonly LsblkNode[];
}

/** `lsblk --json` → every node with its ancestors (a device under two parents, e.g. RAID, appears twice). */
export function parseLsblk(stdout: string): TreeEntry[] {
  const parsed = z.object({ blockdevices: z.array(LsblkNode) }).safeParse(JSON.parse(stdout));
  if (!parsed.success) throw new Error(`unexpected lsblk JSON: ${parsed.error.issues[0]?.message}`);
  const out: TreeEntry[] = [];
  const walk = (node: LsblkNode, ancestors: LsblkNode[]) => {
    out.push({ node, ancestors });
    for (const child of node.children ?? []) walk(child, [node, ...ancestors]);
  };
  for (const disk of parsed.data.blockdevices) walk(disk, []);
  return out;
}

/** /proc/self/mounts: device, mount point (octal escapes such as \040 decoded) and fstype. */
export function parseMounts(text: string): { source: string; mountpoint: string; fstype: string }[] {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return text
    .split('\n')
    .map((line) => line.split(' '))
    .filter((f) => f.length >= 3)
    .map(([source, mountpoint, fstype]) => ({ source: unescape(source!), mountpoint: unescape(mountpoint!), fstype: fstype! }));
}

/** /proc/swaps, after its header line: `Filename Type Size Used Priority`. */
export function parseSwaps(text: string): { name: string; type: string }[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 2 && f[0] !== '')
    .map(([name, type]) => ({ name: name!, type: type! }));
}

/**
 * `/sys/block/dm-N/dm/uuid` of a dm-crypt device names its format: CRYPT-LUKS2-…, CRYPT-LUKS1-…, CRYPT-PLAIN-…,
 * CRYPT-BITLK-…, CRYPT-TCRYPT-…. dm-verity and dm-integrity also use the CRYPT- prefix (so lsblk calls them
 * "crypt") but encrypt nothing: they are not encryption.
 */
export function parseDmUuid(uuid: string): (typeof SCHEMES)[number] | 'not-encryption' | null {
  const m = /^CRYPT-([A-Z0-9]+)-/.exec(uuid.trim());
  if (!m) return null;
  const kind = m[1]!;
  if (kind === 'VERITY' || kind === 'INTEGRITY') return 'not-encryption';
  const known: Record<string, (typeof SCHEMES)[number]> = { LUKS1: 'luks1', LUKS2: 'luks2', PLAIN: 'plain', BITLK: 'bitlk', TCRYPT: 'tcrypt' };
  return known[kind] ?? 'other';
}

const isTrue = (v: boolean | string | undefined) => v === true || v === '1';

export async function collectLinux(ctx: ProbeContext): Promise<z.input<typeof DiskEncryptionEvidence>> {
  const why = reasons();
  const [mountsText, swapsText] = [await ctx.readFile('/proc/self/mounts'), await ctx.readFile('/proc/swaps')];
  const mounts = parseMounts(mountsText ?? '');
  const rootMount = mounts.findLast((m) => m.mountpoint === '/');

  let tree: TreeEntry[] | null = null;
  const r = await runIfInstalled(ctx, 'lsblk', LSBLK_ARGS);
  if (!r) why.set('fixedDisks', because('command.missing', { command: 'lsblk (util-linux)' }));
  else if (r.exitCode !== 0) why.set('fixedDisks', because('command.failed', { command: 'lsblk', exitCode: r.exitCode }, saidBy(r)));
  else {
    try {
      tree = parseLsblk(r.stdout);
    } catch (e) {
      if (!(e instanceof SyntaxError || (e as Error).message.startsWith('unexpected lsblk'))) throw e;
      why.set('fixedDisks', because('command.unexpected-output', { command: 'lsblk --json' }, (e as Error).message));
    }
  }

  // The dm-crypt format of every crypt node, read once.
  const schemes = new Map<string, ReturnType<typeof parseDmUuid>>();
  for (const { node } of tree ?? []) {
    if (node.type !== 'crypt' || schemes.has(node.kname)) continue;
    const uuid = await ctx.readFile(`/sys/block/${node.kname.replace(/^\/dev\//, '')}/dm/uuid`);
    schemes.set(node.kname, uuid === undefined ? null : parseDmUuid(uuid));
  }
  const cryptLayer = (entry: TreeEntry) =>
    [entry.node, ...entry.ancestors].find((n) => n.type === 'crypt' && schemes.get(n.kname) !== 'not-encryption');
  const find = (device: string) => tree?.find(({ node }) => node.name === device || node.kname === device);

  let root: z.input<typeof DiskEncryptionEvidence>['root'] = null;
  if (!rootMount) why.set('root', because('disk.root-not-mounted'));
  else {
    // "/dev/root" is the kernel's alias for the boot device; lsblk knows the real one by its mount point.
    const entry = find(rootMount.source) ?? tree?.find(({ node }) => node.mountpoint === '/');
    const layer = entry && cryptLayer(entry);
    root = {
      source: rootMount.source,
      fstype: rootMount.fstype,
      encrypted: entry ? layer !== undefined : null,
      scheme: layer ? (schemes.get(layer.kname) as (typeof SCHEMES)[number] | null) ?? null : null,
      layers: entry ? [entry.node, ...entry.ancestors].map((n) => n.type) : [],
    };
    if (!entry) {
      why.set(
        'root.encrypted',
        tree === null
          ? why.map.fixedDisks!
          : because('disk.root-not-block-device', { source: rootMount.source, fstype: rootMount.fstype }),
      );
    }
  }

  const swapDevices = parseSwaps(swapsText ?? '').map(({ name, type }) => {
    if (name.startsWith('/dev/zram')) return { name, kind: 'zram' as const, encrypted: null };
    // A swap file is as encrypted as the filesystem that holds it: the longest mount point that prefixes it.
    const device =
      type === 'file'
        ? mounts.filter((m) => name.startsWith(m.mountpoint === '/' ? '/' : `${m.mountpoint}/`)).sort((a, b) => b.mountpoint.length - a.mountpoint.length)[0]?.source
        : name;
    const entry = device ? find(device) : undefined;
    return { name, kind: type === 'file' ? ('file' as const) : ('partition' as const), encrypted: entry ? cryptLayer(entry) !== undefined : null };
  });
  const onDisk = swapDevices.filter((s) => s.kind !== 'zram');
  const allOnDiskEncrypted = onDisk.some((s) => s.encrypted === false) ? false : onDisk.some((s) => s.encrypted === null) ? null : true;
  if (allOnDiskEncrypted === null) why.set('swap.allOnDiskEncrypted', because('disk.swap-not-block-device'));
  if (swapsText === undefined) {
    why.set('swap.allOnDiskEncrypted', because('file.missing', { path: '/proc/swaps' }));
    why.set('swap.onDiskCount', because('file.missing', { path: '/proc/swaps' }));
  }

  const fixedDisks =
    tree === null
      ? null
      : tree
          .filter(({ node, ancestors }) => ancestors.length === 0 && node.type === 'disk' && !isTrue(node.rm) && !/^\/dev\/(zram|loop|sr)/.test(node.name))
          .map(({ node }) => ({
            name: node.name,
            sizeBytes: node.size == null ? null : Number(node.size),
            volumes: tree!
              .filter((e) => (e.ancestors.at(-1) ?? e.node) === node && e.node.fstype && !['crypto_LUKS', 'LVM2_member', 'linux_raid_member'].includes(e.node.fstype))
              .map((e) => ({ name: e.node.name, mountpoint: e.node.mountpoint ?? null, fstype: e.node.fstype ?? null, encrypted: cryptLayer(e) !== undefined })),
          }));

  return { root, swap: { devices: swapDevices, onDiskCount: swapsText === undefined ? null : onDisk.length, allOnDiskEncrypted }, fixedDisks, unknown: why.map };
}

