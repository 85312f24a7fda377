/**
 * Strict replay: a call the recording does not hold fails (NotRecordedError), and `unused()` names every
 * recorded answer nobody asked for, so a test fails both when a probe asks something new and when it
 * stops asking something old (gh's run.Stub, aesthetics.md §5).
 */
import { isDeepStrictEqual } from 'node:util';
import { lookupConsoleUser } from './console-user.ts';
import { CommandFailedError, CommandNotFoundError, CommandTimedOutError, NotRecordedError, PermissionDeniedError } from './errors.ts';
import type { ConsoleUserLookup, Host, SiCall, SiCalls } from './host.ts';
import { describeAnswer, parseUtcOffset, type Answer, type Recording } from './recording.ts';

export interface ReplayHost extends Host {
  /** Recorded answers nobody asked for, as "section: description". */
  unused(): string[];
}

/** The lines a live run hands to onStdoutLine: split after each newline, the line ending dropped. */
function stdoutLines(stdout: string): string[] {
  const lines = stdout.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function createReplayHost(recording: Recording, rootSection = 'identity'): ReplayHost {
  const pending = new Map<string, Answer[]>(Object.entries(recording.sections).map(([name, answers]) => [name, [...answers]]));
  let consoleUser: Promise<ConsoleUserLookup> | undefined;
  const linuxIdentity = recording.sections.identity?.some((a) => 'si' in a) ? 'systeminformation' : 'files';

  function take<A extends Answer>(section: string, call: string, matches: (a: Answer) => a is A): A {
    const answers = pending.get(section) ?? [];
    const index = answers.findIndex(matches);
    if (index < 0) throw new NotRecordedError(section, call);
    return answers.splice(index, 1)[0] as A;
  }

  function view(section: string): ReplayHost {
    const host: ReplayHost = {
      platform: recording.platform,
      isAdmin: recording.isAdmin,
      linuxIdentity,
      now: () => new Date(recording.recordedAt),
      utcOffsetMinutes() {
        if (recording.utcOffsetMinutes !== undefined) return recording.utcOffsetMinutes;
        // A recording from before: the offset is the answer of `date +%z`, recorded where it was asked.
        const a = take(section, 'the UTC offset (run date +%z)', (x): x is Extract<Answer, { run: string[] }> => 'run' in x && isDeepStrictEqual(x.run, ['date', '+%z']));
        return 'error' in a ? null : parseUtcOffset(a.stdout);
      },
      async run(file, args, options = {}) {
        const argv = [file, ...args];
        const asUser = options.asConsoleUser === true;
        const a = take(section, describeAnswer({ run: argv, ...(asUser ? { asConsoleUser: true } : {}), exitCode: 0, stdout: '', stderr: '' }), (x): x is Extract<Answer, { run: string[] }> =>
          'run' in x && isDeepStrictEqual(x.run, argv) && (x.asConsoleUser === true) === asUser,
        );
        if (!('error' in a) || a.error === 'timed-out') options.onStarted?.();
        if ('error' in a) {
          const command = argv.join(' ');
          if (a.error === 'not-found') throw new CommandNotFoundError(file);
          if (a.error === 'timed-out') throw new CommandTimedOutError(command, options.timeoutMs ?? null);
          throw new CommandFailedError(command, a.message ?? 'failed');
        }
        if (options.onStdoutLine) for (const line of stdoutLines(a.stdout)) options.onStdoutLine(line);
        return { stdout: a.stdout, stderr: a.stderr, exitCode: a.exitCode };
      },
      async readFile(path, options = {}) {
        const a = take(section, `read ${path}`, (x): x is Extract<Answer, { read: string }> => 'read' in x && x.read === path && x.maxBytes === options.maxBytes);
        if ('error' in a) {
          if (a.error === 'denied') throw new PermissionDeniedError(path);
          return undefined;
        }
        return a.text;
      },
      async listDir(path) {
        const a = take(section, `list ${path}`, (x): x is Extract<Answer, { list: string }> => 'list' in x && x.list === path);
        if ('error' in a) {
          if (a.error === 'denied') throw new PermissionDeniedError(path);
          return undefined;
        }
        return a.entries;
      },
      async stat(path) {
        const a = take(section, `stat ${path}`, (x): x is Extract<Answer, { stat: string }> => 'stat' in x && x.stat === path);
        if ('error' in a) {
          if (a.error === 'denied') throw new PermissionDeniedError(path);
          return undefined;
        }
        return { type: a.type, size: a.size, mtime: a.mtime };
      },
      async si<K extends SiCall>(call: K): Promise<SiCalls[K]> {
        const a = take(section, `systeminformation.${call}()`, (x): x is Extract<Answer, { si: string }> => 'si' in x && x.si === call);
        return a.result as SiCalls[K];
      },
      consoleUser: () => (consoleUser ??= lookupConsoleUser(view('console-user'))),
      identifying: () => {},
      section: (name) => view(name),
      unused: () => [...pending].flatMap(([name, answers]) => answers.map((a) => `${name}: ${describeAnswer(a)}`)),
    };
    return host;
  }
  return view(rootSection);
}
