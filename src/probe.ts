/**
 * The probe contract (DESIGN.md, aesthetics.md Part 2): a probe is one folder under probes/<id>/ that
 * declares its evidence as a zod schema and one collector per platform. Collectors read the machine only
 * through the ProbeContext; evidence holds facts (`idleDelaySeconds: 1200`), never verdicts; a fact that
 * could not be established is `null` with its reason in `unknown`.
 */
import type { Logger } from './log.ts';
import { z } from 'zod';
import { CommandNotFoundError, PermissionDeniedError } from './host/errors.ts';
import type { CommandResult, ConsoleUserLookup, FileStat, IdentifyingKind, Platform, RunOptions, SiCall, SiCalls } from './host/host.ts';
import { because, ReasonJson, type Reason } from './i18n/reason.ts';

export { because, type Reason } from './i18n/reason.ts';

export interface ProbeContext {
  readonly platform: Platform;
  readonly isAdmin: boolean;
  readonly log: Logger;
  /** Aborted when the probe's time budget runs out; passed to every command. */
  readonly signal: AbortSignal;
  now(): Date;
  /** The clock's UTC offset in minutes east (null only when an old recording could not tell). */
  utcOffsetMinutes(): number | null;
  run(file: string, args: readonly string[], options?: Omit<RunOptions, 'signal'>): Promise<CommandResult>;
  readFile(path: string, options?: { readonly maxBytes?: number }): Promise<string | undefined>;
  listDir(path: string): Promise<string[] | undefined>;
  stat(path: string): Promise<FileStat | undefined>;
  si<K extends SiCall>(call: K): Promise<SiCalls[K]>;
  consoleUser(): Promise<ConsoleUserLookup>;
  identifying(kind: IdentifyingKind, value: string): void;
}

export type Collector<E> = (ctx: ProbeContext) => Promise<E>;

export interface Probe<S extends z.ZodType = z.ZodType> {
  /** kebab-case, equal to the folder name. */
  readonly id: string;
  /** Bumped when the evidence or its meaning changes; reported with every scan. */
  readonly version: string;
  readonly title: { readonly ja: string; readonly en: string };
  readonly evidence: S;
  /** Platforms are the keys: a missing key means the probe does not run there (outcome `unsupported`). */
  readonly collect: Partial<Record<Platform, Collector<z.input<S>>>>;
  /** Platforms where nothing can be collected without admin rights (outcome `skipped: needs-admin`). */
  readonly needsAdmin?: readonly Platform[];
  /** Budget for the whole collect(); default 15 s. */
  readonly timeoutMs?: number;
}

export const defineProbe = <S extends z.ZodType>(probe: Probe<S>): Probe<S> => probe;
export const platformsOf = (probe: Probe): Platform[] => Object.keys(probe.collect) as Platform[];

/**
 * Reasons for facts that are `null`, keyed by their evidence path (`clamav.databaseBuiltAt`): a code with
 * parameters from src/i18n/reasons.ts. The policy reports a check on a null fact as `unknown` with this reason.
 */
export const UnknownReasons = z.record(z.string(), ReasonJson).describe('why each null fact could not be established, keyed by evidence path');

/** An evidence schema: the probe's facts plus the `unknown` reasons map every probe carries. */
export function evidenceSchema<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject({ ...shape, unknown: UnknownReasons });
}

/** Collects `unknown` reasons while a collector works: `const why = reasons(); … why.set('path', because('code', params))`. */
export function reasons(): { set(path: string, reason: Reason): null; readonly map: Record<string, Reason> } {
  const map: Record<string, Reason> = {};
  return {
    map,
    set(path, reason) {
      map[path] = reason;
      return null;
    },
  };
}

/**
 * Runs a command whose absence is a fact about the machine (ClamAV not installed, no systemd): undefined
 * when it is not installed; every other failure is thrown and becomes the probe's error outcome.
 */
export async function runIfInstalled(ctx: Pick<ProbeContext, 'run'>, file: string, args: readonly string[], options?: Omit<RunOptions, 'signal'>): Promise<CommandResult | undefined> {
  try {
    return await ctx.run(file, args, options);
  } catch (e) {
    if (e instanceof CommandNotFoundError) return undefined;
    throw e;
  }
}

/** A file's text; undefined when it does not exist; a reason when this user may not read it. */
export async function readFileOrReason(ctx: Pick<ProbeContext, 'readFile'>, path: string): Promise<string | undefined | Reason> {
  try {
    return await ctx.readFile(path);
  } catch (e) {
    if (e instanceof PermissionDeniedError) return because('file.unreadable', { path });
    throw e;
  }
}

/** A folder's entry names; undefined when it does not exist; a reason when this user may not list it. */
export async function listDirOrReason(ctx: Pick<ProbeContext, 'listDir'>, dir: string): Promise<string[] | undefined | Reason> {
  try {
    return await ctx.listDir(dir);
  } catch (e) {
    if (e instanceof PermissionDeniedError) return because('file.unreadable', { path: dir });
    throw e;
  }
}

/** The first non-empty line a command printed (stderr first): the OS's own words, quoted in a reason. */
export function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  );
}

/** What a failed command said: its first stderr line, else its first stdout line. */
export const saidBy = (r: CommandResult): string => firstLine(r.stderr) || firstLine(r.stdout);
