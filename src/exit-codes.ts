/** Exit codes (DESIGN.md): documented in the README and in `tenken --help` (src/i18n/help-messages.ts), tested in test/cli.test.ts. */
export const EXIT = {
  /** compliant: every check passed or does not apply */
  ok: 0,
  /** at least one check failed */
  failed: 1,
  /** usage error, or an invalid policy, recording or other input */
  usage: 2,
  /** no failure, but some check is unknown or errored: incomplete */
  incomplete: 3,
  /** agent failure: a crash, or a report that could not be written */
  agentFailure: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const exitCodeForResult = (result: 'compliant' | 'failed' | 'incomplete'): ExitCode =>
  result === 'compliant' ? EXIT.ok : result === 'failed' ? EXIT.failed : EXIT.incomplete;

/** Thrown by commands to end with a given code after their output is written. */
export class ExitWith extends Error {
  override readonly name = 'ExitWith';
  readonly code: ExitCode;
  constructor(code: ExitCode) {
    super(`exit ${code}`);
    this.code = code;
  }
}
