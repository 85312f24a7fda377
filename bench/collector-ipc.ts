/**
 * What the collector benchmark's processes tell each other (node:child_process IPC), and the small numbers
 * they share: a process's resource usage and percentiles of a list of latencies.
 */

export interface Usage {
  /** User + system CPU time since the process started, ms. */
  cpuMs: number;
  /** Of which in the kernel (loopback TCP, file writes), ms. */
  sysMs: number;
  /** Of which on the main thread (HTTP, the database, handing uploads to the verify workers), ms. */
  mainThreadMs: number;
  /** Peak resident set size since the process started (getrusage maxrss), MB. */
  peakRssMb: number;
  rssMb: number;
}

export function collectorUsage(): Usage {
  const u = process.resourceUsage();
  const main = process.threadCpuUsage();
  return { cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, sysMs: u.systemCPUTime / 1000, mainThreadMs: (main.user + main.system) / 1000, peakRssMb: u.maxRSS / 1024, rssMb: process.memoryUsage.rss() / 1048576 };
}

/** The collector process → the bench. */
export type ServerMessage =
  | { type: 'listening'; url: string; enrollSecret: string; admin: { name: string; password: string }; dashboard: boolean; pid: number }
  | { type: 'usage'; usage: Usage }
  | { type: 'timings'; timings: { url: string; status: number; ms: number }[] }
  | { type: 'stopped'; usage: Usage }
  | { type: 'profiled'; file: string | null };

/** The bench → the collector process. */
export type ParentMessage = { type: 'usage' } | { type: 'timings' } | { type: 'stop' } | { type: 'profile'; file: string | null };

export interface LoadOptions {
  /** Where devices enroll. */
  url: string;
  /** Where reports go: sender i posts to urls[i % urls.length] (several collectors on one database). */
  urls: string[];
  enrollSecret: string;
  devices: number;
  reports: number;
  warmup: number;
  concurrency: number;
}

export interface RunResult {
  sent: number;
  wallMs: number;
  /** Per request, from writing the request to the end of the answer, ms. */
  latencies: number[];
  statuses: Record<string, number>;
  /** First answers that were not 202, for the report. */
  errors: string[];
  loadCpuMs: number;
}

/** The bench → the load generator. */
export type LoadCommand = { type: 'run'; phase: 'warmup' | 'timed' };
/** The load generator → the bench. */
export type LoadMessage =
  | {
      type: 'prepared';
      enrollMs: number;
      prepareMs: number;
      devices: number;
      meanReportBytes: number;
      meanGzipBytes: number;
      /** CPU per report of the collector's verifyUpload, alone on one thread (bench/collector-load.ts verifyCost). */
      verifyCpuMs: number;
      /** Of which the report schema alone. */
      schemaCpuMs: number;
    }
  | { type: 'result'; phase: 'warmup' | 'timed'; result: RunResult };

export interface SeedOptions {
  db: string;
  devices: number;
  days: number;
  /** Ingests in flight at once (SQLite commits those waiting together; PostgreSQL uses its pool). */
  inFlight: number;
}
export type SeedMessage = { type: 'seeded'; reports: number; enrollMs: number; ingestMs: number; reportsPerSecond: number; usage: Usage } | { type: 'progress'; done: number };

/** The value below which q (0..1) of the sorted values fall (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function summarize(values: readonly number[]): { n: number; p50: number; p95: number; p99: number; max: number; mean: number } {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 0.5), p95: percentile(s, 0.95), p99: percentile(s, 0.99), max: s[s.length - 1] ?? NaN, mean: s.reduce((a, b) => a + b, 0) / (s.length || 1) };
}
