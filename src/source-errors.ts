/**
 * Mistakes in what people give tenken (policies, catalogs, recordings, answers, certificates): reported with
 * the file, the line and what is wrong, every mistake at once, and exit code 2. Reading and parsing YAML is in
 * yaml-source.ts, so that the CLI can tell these errors apart without loading the YAML parser.
 */
import { open } from 'node:fs/promises';
import { fill } from './fix/text.ts';
import { SAFETY_MESSAGES as S } from './i18n/safety-messages.ts';
import type { Localized } from './report/schema.ts';

export interface SourceError {
  readonly file: string;
  /** 1-based; 0 when the error concerns the whole file. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Bad input from the user: printed as `file:line:column: message`, exit code 2. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  readonly errors: readonly SourceError[];
  constructor(errors: readonly SourceError[]) {
    super(errors.map(formatSourceError).join('\n'));
    this.errors = errors;
  }
}

/** An input error whose sentence tenken wrote itself, about the whole file: in both languages. */
export class SaidInputError extends InvalidInputError {
  readonly text: Localized;
  constructor(file: string, text: Localized) {
    super([{ file, line: 0, column: 0, message: text.en }]);
    this.text = { ja: `${file}: ${text.ja}`, en: `${file}: ${text.en}` };
  }
}

export function formatSourceError(e: SourceError): string {
  return e.line > 0 ? `${e.file}:${e.line}:${e.column}: ${e.message}` : `${e.file}: ${e.message}`;
}

/** `checks[2].expect.all[0].op` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/**
 * The largest file of each kind tenken reads. Parsing YAML costs about 0.2 s and 60–90 MB of memory per MB
 * (a 20 MB policy took 11.6 s and 1.5 GB), so each cap is far above real files and far below that:
 * policies/baseline.yaml is 38 KB, a whole-machine recording of a Debian PC 87 KB, a saved self-check 5 KB.
 */
export const INPUT_LIMITS = {
  policy: { bytes: 1024 * 1024, what: S.inputPolicy },
  recording: { bytes: 8 * 1024 * 1024, what: S.inputRecording },
  answers: { bytes: 64 * 1024, what: S.inputAnswers },
  certificate: { bytes: 1024 * 1024, what: S.inputCertificate },
} as const satisfies Record<string, { bytes: number; what: Localized }>;
export type InputKind = keyof typeof INPUT_LIMITS;

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB` : `${Math.ceil(bytes / 1024)} KiB`);

/**
 * The text of a file a person named; one that cannot be read, or is larger than its kind's limit, is their
 * input error (exit 2), not a crash. Read at most one byte past the limit, so that a pipe or a device
 * (`--policy /dev/zero`) is bounded too.
 */
export async function readInputFile(file: string, kind: InputKind): Promise<string> {
  const limit = INPUT_LIMITS[kind];
  const tooLarge = (size: string | Localized) => new SaidInputError(file, fill(S.inputTooLarge, { what: limit.what, size, limit: sizeText(limit.bytes) }));
  let handle;
  try {
    handle = await open(file, 'r');
    const s = await handle.stat();
    if (s.isFile() && s.size > limit.bytes) throw tooLarge(sizeText(s.size));
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of handle.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > limit.bytes) throw tooLarge(fill(S.sizeOver, { size: sizeText(limit.bytes) }));
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (e) {
    if (e instanceof InvalidInputError) throw e;
    // The usual mistakes in the reader's language; anything else as the OS said it.
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? S.readNoFile : code === 'EISDIR' ? S.readFolder : code === 'EACCES' || code === 'EPERM' ? S.readNoPermission : undefined;
    if (why) throw new SaidInputError(file, fill(S.cannotRead, { why }));
    throw new InvalidInputError([{ file, line: 0, column: 0, message: `cannot read: ${(e as Error).message}` }]);
  } finally {
    await handle?.close();
  }
}
