/**
 * The agent's machine-wide state for delivery: who this device is to its collector (identity.json, with the
 * private key), the delivery counter (sequence and previous report id), the queue folder, and the reports a
 * scheduled scan without --send keeps. Machine-wide and readable by administrators only, because the key
 * signs reports in the device's name. The folder follows each OS's convention for system services, decided
 * from the Host (never process.platform); TENKEN_STATE_DIR overrides it (tests, unusual installs).
 */
import { chmod, mkdir, readFile, rename, stat } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-write.ts';
import type { Host } from '../host/host.ts';
import { joinStatePath, machineStateDir } from '../state-dirs.ts';
import { normalizeFingerprint } from './ca-pin.ts';
import { fill } from '../fix/text.ts';
import { SAFETY_MESSAGES as S } from '../i18n/safety-messages.ts';
import type { Localized } from '../report/schema.ts';
import { Ed25519PrivateJwk } from './dsse.ts';
import { DeliveryFailedError } from './errors.ts';
import { DeliveryQueue } from './queue.ts';

export const agentStateDir = (host: Pick<Host, 'platform'>, env: NodeJS.ProcessEnv): string => env.TENKEN_STATE_DIR || machineStateDir(host.platform, env);

/** Where an administrator deploys `{ "collector": …, "enrollSecret": … }` so the first `scan --send` enrolls by itself. */
export function agentConfigPath(host: Pick<Host, 'platform'>, env: NodeJS.ProcessEnv): string {
  if (env.TENKEN_AGENT_CONFIG) return env.TENKEN_AGENT_CONFIG;
  // Linux keeps configuration in /etc, apart from state; Windows and macOS keep both in one folder.
  return host.platform === 'linux' ? '/etc/tenken/agent.json' : joinStatePath(machineStateDir(host.platform, env), 'agent.json');
}

export const statePaths = (dir: string) => ({
  dir,
  identity: joinStatePath(dir, 'identity.json'),
  delivery: joinStatePath(dir, 'delivery.json'),
  /** The delivery counter again, written right after delivery.json: either one rebuilds the other. */
  deliveryCopy: joinStatePath(dir, 'delivery.copy.json'),
  queue: joinStatePath(dir, 'queue'),
  reports: joinStatePath(dir, 'reports'),
});
export type StatePaths = ReturnType<typeof statePaths>;

/** Windows paths keep their backslashes even when tests run the Windows branch on Linux. */

/** A state file that exists but cannot be read as what it should be: named, with what is wrong, never a crash. */
export class AgentStateError extends DeliveryFailedError {
  override readonly name: string = 'AgentStateError';
  readonly file: string;
  /** What is wrong with it, without the file's name. */
  readonly problem: string;
  /** `said`: the whole message, when the caller words what to do about it. */
  constructor(file: string, problem: string, said = `${file}: ${problem}`) {
    super(said);
    this.file = file;
    this.problem = problem;
  }
}

export const DeviceIdentity = z.strictObject({
  deviceId: z.uuid().describe('generated once by the agent; kept across re-enrollment unless --new-identity'),
  privateKey: Ed25519PrivateJwk.describe('the Ed25519 key reports are signed with; its public part is registered'),
  token: z.string().min(1),
  keyId: z.string(),
  collector: z.url().describe('base address of the collector, e.g. https://collector.example'),
  insecure: z.boolean().describe('plain http to a non-loopback collector was allowed at enrollment (--insecure)'),
  enrolledAt: z.iso.datetime(),
  caCert: z.string().optional().describe("the collector's CA pinned at enrollment (PEM): the only CA trusted for its certificate; absent: the system's roots"),
});
export type DeviceIdentity = z.infer<typeof DeviceIdentity>;

export const DeliveryCounter = z.strictObject({
  sequence: z.int().nonnegative().describe('the sequence of the last report queued'),
  previousReportId: z.uuid().nullable(),
});
export type DeliveryCounter = z.infer<typeof DeliveryCounter>;

export const AgentConfig = z.strictObject({
  collector: z.url(),
  enrollSecret: z.string().min(1),
  insecure: z.boolean().optional(),
  caCert: z.string().min(1).optional().describe("the collector's CA certificate (PEM text) to pin at enrollment"),
  caFingerprint: z
    .string()
    .refine((s) => normalizeFingerprint(s) !== null, "sha256:<64 hex digits> (or openssl's AB:CD:… form)")
    .optional()
    .describe("SHA-256 of the collector's CA certificate: the agent pins the CA with it from the chain the collector presents"),
});
export type AgentConfig = z.infer<typeof AgentConfig>;

/** A state file that reads but is not what it should be (cut short, edited, overwritten): it can be moved aside. */
export class DamagedStateError extends AgentStateError {
  override readonly name = 'DamagedStateError';
}

/** A JSON state file checked with its schema; undefined when it does not exist. */
export async function readStateFile<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EACCES' || code === 'EPERM') throw new AgentStateError(file, 'permission denied (only administrators can read the agent state)');
    if (code === 'ENOTDIR' || code === 'EISDIR') throw new AgentStateError(file, `cannot be read (${code})`);
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DamagedStateError(file, `corrupted: not JSON (${(e as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DamagedStateError(file, `corrupted: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** The state folder, made on first use and closed to everyone but its owner (root / the administrators). */
export async function ensureStateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is masked by the umask and not applied to an existing folder.
  if (!/^[A-Za-z]:\\|^\\\\/.test(dir)) await chmod(dir, 0o700);
}

export async function writeStateFile(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600, durable: true });
}

export const loadIdentity = (paths: StatePaths) => readStateFile(paths.identity, DeviceIdentity);

export interface CounterOptions {
  readonly now?: () => Date;
  /** Told when a damaged counter file was moved aside and rebuilt (the CLI prints it, tenken agent logs it). */
  readonly notice?: (text: Localized) => void;
}

/**
 * The delivery counter: the sequence and id of the last report queued. A damaged file must not stop the
 * scheduled scans (every later run would fail the same way), nor restart the numbering: the collector counts
 * the distinct sequence numbers below the highest it has seen, so numbers it has seen before hide lost reports
 * until they are passed, and a jump shows reports as lost that never were. So the counter is kept twice,
 * and a damaged copy is moved aside and rebuilt from the other exactly; only when neither can be read does
 * it continue from the highest number still in the queue (and says what that may cost).
 */
export async function loadCounter(paths: StatePaths, options: CounterOptions = {}): Promise<DeliveryCounter> {
  const reads = await Promise.all(
    [paths.delivery, paths.deliveryCopy].map((file) =>
      readStateFile(file, DeliveryCounter).catch((e: unknown) => {
        if (e instanceof DamagedStateError) return e;
        throw e;
      }),
    ),
  );
  const good = reads.filter((r): r is DeliveryCounter => r !== undefined && !(r instanceof DamagedStateError));
  const damaged = reads.filter((r) => r instanceof DamagedStateError);
  // A crash between the two writes leaves the copy one behind: the higher one is the last report queued.
  let counter: DeliveryCounter = { sequence: 0, previousReportId: null };
  for (const c of good) if (c.sequence > counter.sequence) counter = c;
  if (good.length === 0) {
    const highest = DeliveryCounter.safeParse(await new DeliveryQueue(paths.queue).highestQueued());
    if (highest.success) counter = highest.data;
  }
  const now = options.now ?? (() => new Date());
  for (const d of damaged) {
    const aside = await moveAside(d.file, now());
    options.notice?.(fill(S.stateFileRebuilt, { file: d.file, problem: d.problem, aside, sequence: String(counter.sequence + 1) }));
  }
  if (damaged.length && good.length === 0) options.notice?.(S.counterFromQueue);
  return counter;
}

export async function saveCounter(paths: StatePaths, counter: DeliveryCounter): Promise<void> {
  await writeStateFile(paths.delivery, counter);
  await writeStateFile(paths.deliveryCopy, counter);
}

/**
 * Moves a damaged state file out of the way, kept beside it for inspection as `<name>.corrupt-<time>`, so
 * that the agent can go on with a rebuilt one; returns where it went.
 */
export async function moveAside(file: string, now: Date): Promise<string> {
  const aside = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  await rename(file, aside);
  return aside;
}

/**
 * Whether agent.json is safe to take the enroll secret from, on POSIX: mode 600 (or stricter) and owned by
 * root or whoever runs tenken. Anyone else able to read it has the secret (they can enroll devices); able to
 * write it, they choose where reports go. Windows keeps access in ACLs that the mode does not show: there the
 * README says which ACL to set, and nothing is checked. null when fine or absent. `enrolled`: the file is no
 * longer read, so only a secret others can read is worth saying.
 */
export async function configFileProblem(file: string, platform: Host['platform'], enrolled: boolean, runAs = process.getuid?.()): Promise<Localized | null> {
  if (platform === 'win32') return null;
  const s = await stat(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (!s) return null;
  const fix = `sudo chown root ${file} && sudo chmod 600 ${file}`;
  if (!enrolled && s.uid !== 0 && s.uid !== runAs) return fill(S.configWrongOwner, { file, uid: String(s.uid), fix });
  if (s.mode & 0o077) return fill(enrolled ? S.configLeftOpen : S.configTooOpen, { file, mode: (s.mode & 0o777).toString(8), fix });
  return null;
}
