/**
 * The only module that starts processes (test/architecture.test.ts enforces it). Argument arrays,
 * never a shell; every command has a timeout; the C locale so that output is not translated.
 */
import { execa } from 'execa';
import type { CommandResult, ConsoleUser } from './host.ts';
import { CommandFailedError, CommandNotFoundError, CommandTimedOutError } from './errors.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ExecOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Run with this user's uid/gid and session environment (the agent must be root to switch). */
  readonly user?: ConsoleUser | undefined;
  /** Extra environment, e.g. the fixed PATH the live host imposes. */
  readonly env?: Readonly<Record<string, string>>;
  /** Each stdout line as it arrives; the buffered result is unchanged (the transform passes bytes through). */
  readonly onStdoutLine?: ((line: string) => void) | undefined;
  /** The program has started (Node's 'spawn' event): it exists and runs. */
  readonly onStarted?: (() => void) | undefined;
}

export async function exec(file: string, args: readonly string[], options: ExecOptions = {}): Promise<CommandResult> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, signal, user, onStdoutLine, onStarted } = options;
  const command = [file, ...args].join(' ');
  const env: Record<string, string> = { LC_ALL: 'C', LANG: 'C', LANGUAGE: 'C', ...options.env };
  if (user?.uid != null) {
    // gsettings/kreadconfig read the user's dconf database and config files through these.
    Object.assign(env, {
      HOME: user.home ?? '/',
      USER: user.name,
      LOGNAME: user.name,
      XDG_RUNTIME_DIR: `/run/user/${user.uid}`,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=/run/user/${user.uid}/bus`,
    });
  }
  const subprocess = execa(file, args, {
    reject: false,
    timeout: timeoutMs,
    cancelSignal: signal,
    env,
    extendEnv: true,
    stdin: 'ignore',
    stripFinalNewline: false,
    windowsHide: true,
    ...(user?.uid != null && user.gid != null ? { uid: user.uid, gid: user.gid } : {}),
    // preserveNewlines: each line reaches the callback and the buffer exactly as the program wrote it.
    ...(onStdoutLine
      ? {
          stdout: {
            *transform(line: unknown) {
              onStdoutLine(String(line).replace(/\r?\n$/, ''));
              yield line;
            },
            preserveNewlines: true,
          },
        }
      : {}),
  });
  if (onStarted) subprocess.nodeChildProcess.once('spawn', onStarted);
  const result = await subprocess;
  if (result.timedOut) throw new CommandTimedOutError(command, timeoutMs);
  if (result.isCanceled) throw new CommandTimedOutError(command, null);
  if (result.exitCode === undefined) {
    if (result.code === 'ENOENT') throw new CommandNotFoundError(file);
    throw new CommandFailedError(command, result.shortMessage ?? result.message ?? 'failed to start', { cause: result.cause });
  }
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode };
}
