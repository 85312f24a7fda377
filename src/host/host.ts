import type { Systeminformation } from 'systeminformation';
import type { Reason } from '../i18n/reason.ts';

/** The values of `process.platform` tenken knows. Read once, in live-host.ts; a replay takes it from the recording. */
export const PLATFORMS = ['linux', 'win32', 'darwin'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Non-zero exits are results, not errors: `systemctl is-active` and `dnf check-update` speak through them. */
  readonly exitCode: number;
}

export interface RunOptions {
  /** Per-command budget; default 10 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /**
   * Run as the console user (their uid, HOME and session bus), for per-user settings such as the
   * screen lock. When the agent already runs as that user this is an ordinary run.
   */
  readonly asConsoleUser?: boolean;
  /**
   * Called with each line of standard output as it arrives (without its line ending), for progress of a long
   * command such as a virus scan. The result's stdout is the same with or without it; a replay calls it
   * with the recorded lines before it answers.
   */
  readonly onStdoutLine?: (line: string) => void;
  /**
   * Called once the program has started, before it ends: a probe then starts beside a slow command the commands
   * that only make sense where that program exists (apt-config beside `apt list`) instead of after it. A replay
   * calls it for every recorded answer except a program that could not start.
   */
  readonly onStarted?: () => void;
}

export interface FileStat {
  readonly type: 'file' | 'directory' | 'other';
  readonly size: number;
  /** Modification time, ISO 8601 UTC. */
  readonly mtime: string;
}

/** The user at the physical console (the graphical session's owner), who may not be the agent's own user. */
export interface ConsoleUser {
  readonly name: string;
  readonly uid: number | null;
  readonly gid: number | null;
  /** Windows security identifier: per-user settings live under HKEY_USERS\<sid>. */
  readonly sid: string | null;
  readonly home: string | null;
  /** Linux: x11 | wayland | tty | mir; macOS: aqua; Windows: console. */
  readonly sessionType: string;
  /** Desktop environment as the session reports it (XDG_CURRENT_DESKTOP style), lower case; null if unknown. */
  readonly desktop: string | null;
  /** Whether the session is graphical (a desktop with a screen to lock). */
  readonly graphical: boolean;
}

export type ConsoleUserLookup =
  | { readonly found: true; readonly user: ConsoleUser }
  | { readonly found: false; readonly reason: Reason };

/**
 * The systeminformation calls tenken may make: a closed list, so that every answer can be recorded and
 * replayed. systeminformation is right for identity and inventory, not for posture (research/probes.md §0.5).
 */
export interface SiCalls {
  osInfo: Systeminformation.OsData;
  system: Systeminformation.SystemData;
  uuid: Systeminformation.UuidData;
}
export type SiCall = keyof SiCalls;
export const SI_CALLS = ['osInfo', 'system', 'uuid'] as const satisfies readonly SiCall[];

/**
 * The only door to the machine. A live host touches the real one, a recording host writes down every
 * answer of a live host, a replay host answers from a recording and fails on anything unrecorded.
 */
export interface Host {
  readonly platform: Platform;
  /** root on POSIX, an elevated token on Windows. */
  readonly isAdmin: boolean;
  /**
   * Where a Linux device's identity comes from: 'files' (os-release, machine-id, DMI, sysfs, read through this
   * host: every live host), or 'systeminformation' for a recording made before tenken read them itself, whose
   * identity section holds systeminformation's osInfo/system/uuid answers.
   */
  readonly linuxIdentity: 'files' | 'systeminformation';
  /** The machine's clock; a replay answers with the time the recording was made. */
  now(): Date;
  /**
   * The clock's offset from UTC now, in minutes east (+540 in Japan), what `date +%z` prints; a replay answers the
   * recording's. Null only for an old recording whose `date +%z` answer was not an offset.
   */
  utcOffsetMinutes(): number | null;
  /** Runs `file` (a bare name resolved on a fixed system PATH, or an absolute path) without a shell. */
  run(file: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
  /** Text of a file, or undefined if it does not exist. `maxBytes` reads only the head (binary headers are latin1). */
  readFile(path: string, options?: { readonly maxBytes?: number }): Promise<string | undefined>;
  /** Entry names of a directory, sorted, or undefined if it does not exist. */
  listDir(path: string): Promise<string[] | undefined>;
  stat(path: string): Promise<FileStat | undefined>;
  si<K extends SiCall>(call: K): Promise<SiCalls[K]>;
  /** Who sits at the console. Looked up once per host (it runs commands, which are recorded like any other). */
  consoleUser(): Promise<ConsoleUserLookup>;
  /**
   * Marks a value seen on this machine as identifying (an SSID, a user name) so that a recording can
   * redact it everywhere. Live and replay hosts ignore it.
   */
  identifying(kind: IdentifyingKind, value: string): void;
  /** A view of this host whose calls are attributed to `section` (a probe id, or 'identity'). */
  section(name: string): Host;
}

export const IDENTIFYING_KINDS = ['hostname', 'user', 'home', 'ssid', 'serial', 'mac', 'uuid'] as const;
export type IdentifyingKind = (typeof IDENTIFYING_KINDS)[number];

export type { Systeminformation };
