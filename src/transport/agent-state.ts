/**
 * The agent's machine-wide state for delivery: who this device is to its collector (identity.json, with the
 * private key), the delivery counter (sequence and previous report id), the queue folder, and the reports a
 * scheduled scan without --send keeps. Machine-wide and readable by administrators only, because the key
 * signs reports in the device's name. The folder follows each OS's convention for system services, decided
 * from the Host (never process.platform); TENKEN_STATE_DIR overrides it (tests, unusual installs).
 */
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-write.ts';
import type { Host } from '../host/host.ts';
import { joinStatePath, machineStateDir } from '../state-dirs.ts';
import { normalizeFingerprint } from './ca-pin.ts';
import { Ed25519PrivateJwk } from './dsse.ts';
import { DeliveryFailedError } from './errors.ts';

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
  queue: joinStatePath(dir, 'queue'),
  reports: joinStatePath(dir, 'reports'),
});
export type StatePaths = ReturnType<typeof statePaths>;

/** Windows paths keep their backslashes even when tests run the Windows branch on Linux. */

/** A state file that exists but cannot be read as what it should be: named, with what is wrong, never a crash. */
export class AgentStateError extends DeliveryFailedError {
  override readonly name = 'AgentStateError';
  readonly file: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.file = file;
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
    throw new AgentStateError(file, `corrupted: not JSON (${(e as Error).message}); remove it or enroll again with tenken enroll … --new-identity`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AgentStateError(file, `corrupted: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
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
export const loadCounter = async (paths: StatePaths): Promise<DeliveryCounter> =>
  (await readStateFile(paths.delivery, DeliveryCounter)) ?? { sequence: 0, previousReportId: null };
