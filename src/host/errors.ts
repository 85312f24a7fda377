/**
 * Failures at the door to the machine, as named values. A probe catches the ones that are facts
 * ("ClamAV is not installed" is a CommandNotFoundError) and lets the rest become its `error` outcome.
 */

export class CommandNotFoundError extends Error {
  override readonly name = 'CommandNotFoundError';
  readonly file: string;
  constructor(file: string) {
    super(`command not found: ${file}`);
    this.file = file;
  }
}

export class CommandTimedOutError extends Error {
  override readonly name = 'CommandTimedOutError';
  readonly command: string;
  constructor(command: string, timeoutMs: number | null) {
    super(timeoutMs === null ? `command was cancelled: ${command}` : `command timed out after ${timeoutMs} ms: ${command}`);
    this.command = command;
  }
}

export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
  readonly command: string;
  constructor(command: string, message: string, options?: ErrorOptions) {
    super(`${command}: ${message}`, options);
    this.command = command;
  }
}

export class PermissionDeniedError extends Error {
  override readonly name = 'PermissionDeniedError';
  readonly path: string;
  constructor(path: string) {
    super(`permission denied: ${path}`);
    this.path = path;
  }
}

/** A replay was asked something the recording does not hold. */
export class NotRecordedError extends Error {
  override readonly name = 'NotRecordedError';
  constructor(section: string, call: string) {
    super(`the recording has no answer in section "${section}" for ${call}`);
  }
}

/** A program was found only in a system folder that someone other than root / the administrators can write to. */
export class UntrustedFolderError extends Error {
  override readonly name = 'UntrustedFolderError';
  readonly file: string;
  constructor(file: string, folder: string, reason: string) {
    super(`${file} was not run: it is in ${folder}, and ${reason} (tenken runs programs only from folders no other user can change)`);
    this.file = file;
  }
}
