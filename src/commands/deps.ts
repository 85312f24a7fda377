/** What commands need from the outside world, injected so that tests can run the CLI in-process. */
import type { Host } from '../host/host.ts';
import type { Probe } from '../probe.ts';
import type { DeliveryContext } from '../transport/deliver.ts';
import type { ScheduleRuntime } from '../schedule/job.ts';

export interface CliDeps {
  /** The probes, loaded when a command needs them (help and --version load none). */
  readonly loadProbes: () => Promise<readonly Probe[]>;
  readonly createHost: () => Promise<Host>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (colour). */
  readonly isTTY: boolean;
  /** Whether standard error is a terminal: progress lines go there only then, never into a log (absent: it is not). */
  readonly stderrIsTTY?: boolean;
  /**
   * Asks the person at the terminal and returns their answer; tests answer for them. Absent: commands that
   * ask (`tenken fix`) use node:readline on standard input when it is a terminal.
   */
  readonly ask?: (question: string) => Promise<string>;
  /** Where `tenken fix` records a root ClamAV scan (tests point it elsewhere). */
  readonly clamscanRecordFile?: string;
  /** `tenken schedule`: a folder standing in for / (tests), and the programs the job runs (tests run from sources). */
  readonly scheduleRoot?: string;
  readonly scheduleRuntime?: ScheduleRuntime;
  /** Test-sized backoff, timeouts and random source for enroll, scan --send, queue flush and agent. */
  readonly delivery?: Partial<Pick<DeliveryContext, 'backoff' | 'timeoutMs' | 'random'>>;
  /** Fixed report id for tests. */
  readonly reportId?: string;
}
