/**
 * Failures of enrolling, queueing and sending, each with the exit code it ends with (src/exit-codes.ts): 2 when
 * a person must do something first (run as administrator, enroll, fix the address), 4 when the agent could not
 * do its job (unreadable state, could not queue). Kept apart from the transport code so that the CLI can catch
 * them without loading it.
 */
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { renderReason } from '../i18n/reasons.ts';
import { type Reason, type ReasonJson } from '../i18n/reason.ts';

export abstract class DeliveryError extends Error {
  abstract readonly exitCode: ExitCode;
  /** The failure as a reason code, where it has one: the CLI says it in the reader's language (message is its English). */
  readonly why?: ReasonJson;
  constructor(message: string | Reason, options?: ErrorOptions) {
    super(typeof message === 'string' ? message : renderReason(message, 'en'), options);
    if (typeof message !== 'string') this.why = message;
  }
}

/** Something an administrator must do first (run as admin, enroll, give an https address): exit 2. */
export class DeliveryUsageError extends DeliveryError {
  override readonly name: string = 'DeliveryUsageError';
  readonly exitCode: ExitCode = EXIT.usage;
}

/** The agent could not do its part (state unreadable, queue unwritable, collector unreachable at enrollment): exit 4. */
export class DeliveryFailedError extends DeliveryError {
  override readonly name: string = 'DeliveryFailedError';
  readonly exitCode: ExitCode = EXIT.agentFailure;
}
