/**
 * Linux with systemd as PID 1: a oneshot service and a timer in /etc/systemd/system. The timer does the splay
 * (RandomizedDelaySec), so the scan itself does not sleep; Persistent= catches up a run missed while the PC
 * was off. What `systemctl show` says about them becomes a status.
 */
import { formatDuration } from '../duration.ts';
import { calendarStep } from './calendar.ts';
import { scanCommand, type ScheduleJob, type ScheduleRuntime } from './job.ts';

export const SYSTEMD_UNIT_DIR = '/etc/systemd/system';
export const SERVICE_UNIT = 'tenken-scan.service';
export const TIMER_UNIT = 'tenken-scan.timer';

/** FixedRandomDelay= (the same delay on every run of one machine, derived from its machine id) came in systemd 247. */
export const FIXED_RANDOM_DELAY_SINCE = 247;
/** The scan's own commands have timeouts; this bounds the whole run, a slow package manager included. */
export const SCAN_TIMEOUT_SECONDS = 30 * 60;

/** `systemctl --version`'s first line: "systemd 252 (252.39-1~deb12u2)". */
export function parseSystemdVersion(stdout: string): number | undefined {
  const m = /^systemd (\d+)\b/m.exec(stdout);
  return m ? Number(m[1]) : undefined;
}

/**
 * One ExecStart= word. systemd splits on whitespace and honours double quotes with C escapes; `%` starts a
 * specifier and `$` an environment variable, so both are doubled.
 */
export function systemdWord(arg: string): string {
  const escaped = arg.replaceAll('%', '%%').replaceAll('$', '$$$$');
  return /[\s"'\\;]/.test(escaped) || escaped === '' ? `"${escaped.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : escaped;
}

/** systemd time span: whole seconds, written as `formatDuration` does (24h, 1h30m, 90s are all valid spans). */
const span = (seconds: number) => formatDuration(seconds);

/**
 * The service. It runs as root (the probes read firewall rules, device-mapper tables and every user's
 * session) at idle CPU and I/O priority. Hardening stops short of what the probes need:
 * - no ProtectHome=: the screen-lock probe runs gsettings/kreadconfig as the console user, which read
 *   ~/.config and talk to the session bus in /run/user/<uid> (ProtectHome= covers /run/user too);
 * - no PrivateDevices=: lsblk and cryptsetup read the block devices under /dev;
 * - no CapabilityBoundingSet=: iptables -S needs CAP_NET_ADMIN, dmsetup CAP_SYS_ADMIN, switching to the
 *   console user CAP_SETUID/CAP_SETGID, reading anything CAP_DAC_READ_SEARCH;
 * - ProtectSystem=full, not strict: apt and dnf refresh their caches under /var, and reports go to /var/lib/tenken;
 * - no ProtectKernelModules=: iptables may load its netfilter module on first use;
 * - no MemoryDenyWriteExecute=: Node's JIT writes executable memory;
 * - AF_NETLINK stays allowed for iptables-nft and the network facts, AF_UNIX for D-Bus (logind, NetworkManager).
 */
export function renderService(runtime: ScheduleRuntime, job: ScheduleJob): string {
  const exec = scanCommand(runtime, job, false).map(systemdWord).join(' ');
  return [
    '# Written by `tenken schedule install`; `tenken schedule remove` deletes it.',
    '[Unit]',
    'Description=tenken (点検) posture scan',
    ...(job.send ? ['Wants=network-online.target', 'After=network-online.target'] : []),
    '',
    '[Service]',
    'Type=oneshot',
    `ExecStart=${exec}`,
    '# 1 (a check failed) and 3 (incomplete) are results of a scan that ran; 2 and 4 are failures of the job.',
    'SuccessExitStatus=1 3',
    `TimeoutStartSec=${span(SCAN_TIMEOUT_SECONDS)}`,
    'Nice=19',
    'IOSchedulingClass=idle',
    '# Reports and queue are readable by root only.',
    'UMask=0077',
    'NoNewPrivileges=yes',
    'ProtectSystem=full',
    'PrivateTmp=yes',
    'ProtectKernelTunables=yes',
    'ProtectKernelLogs=yes',
    'ProtectControlGroups=yes',
    'RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_INET AF_INET6',
    'RestrictNamespaces=yes',
    'RestrictRealtime=yes',
    'RestrictSUIDSGID=yes',
    'LockPersonality=yes',
    'SystemCallArchitectures=native',
    '',
  ].join('\n');
}

/**
 * The timer. An interval the calendar can express becomes OnCalendar= with Persistent=true (a run missed
 * while the PC was off happens at the next boot); any other interval is monotonic (OnBootSec= +
 * OnUnitActiveSec=), where Persistent= has no effect and is left out.
 */
export function renderTimer(job: ScheduleJob, systemdVersion: number | undefined): string {
  const step = calendarStep(job.everySeconds);
  const when =
    step === undefined
      ? [`OnBootSec=${span(Math.min(job.everySeconds, 15 * 60))}`, `OnUnitActiveSec=${span(job.everySeconds)}`]
      : [
          `OnCalendar=${
            step.unit === 'minutes' ? `*-*-* *:00/${step.step}:00` : step.unit === 'hours' ? `*-*-* 00/${step.step}:00:00` : step.unit === 'daily' ? '*-*-* 00:00:00' : 'Mon *-*-* 00:00:00'
          }`,
          'Persistent=true',
        ];
  // Without FixedRandomDelay (systemd < 247) each run draws a new delay: still splayed, only less regular.
  const fixed = systemdVersion === undefined || systemdVersion >= FIXED_RANDOM_DELAY_SINCE ? ['FixedRandomDelay=true'] : [];
  return [
    '# Written by `tenken schedule install`; `tenken schedule remove` deletes it.',
    '[Unit]',
    `Description=tenken (点検) posture scan every ${formatDuration(job.everySeconds)}`,
    '',
    '[Timer]',
    ...when,
    ...(job.splaySeconds > 0 ? [`RandomizedDelaySec=${span(job.splaySeconds)}`, ...fixed] : []),
    `Unit=${SERVICE_UNIT}`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
}

/** The properties status asks for, per unit. */
export const TIMER_PROPERTIES = ['LoadState', 'ActiveState', 'UnitFileState', 'LastTriggerUSec', 'NextElapseUSecRealtime', 'Result'] as const;
export const SERVICE_PROPERTIES = ['LoadState', 'ActiveState', 'SubState', 'Result', 'ExecMainStatus', 'ExecMainStartTimestamp', 'ExecMainExitTimestamp'] as const;

export const showArgs = (unit: string, properties: readonly string[]) => ['show', unit, ...properties.flatMap((p) => ['-p', p])];

/** A timestamp systemctl prints ("Mon 2022-07-04 18:56:33 AEST"), or null for "", "n/a" and "0". */
function when(value: string | undefined): string | null {
  const v = value?.trim() ?? '';
  return v === '' || v === 'n/a' || v === '0' ? null : v;
}

export interface SystemdState {
  readonly timerLoaded: boolean;
  readonly timerActive: boolean;
  readonly timerEnabled: boolean;
  readonly lastTrigger: string | null;
  readonly nextElapse: string | null;
  /** The service's last run: when it started and ended, its exit status and systemd's result. */
  readonly running: boolean;
  readonly lastStart: string | null;
  readonly lastExit: string | null;
  readonly exitStatus: number | null;
  readonly result: string | null;
}

/** The two `systemctl show` answers (key=value lines, as systemctl prints them under LC_ALL=C). */
export function parseSystemdState(timer: ReadonlyMap<string, string>, service: ReadonlyMap<string, string>): SystemdState {
  const start = when(service.get('ExecMainStartTimestamp'));
  const status = service.get('ExecMainStatus');
  return {
    timerLoaded: timer.get('LoadState') === 'loaded',
    timerActive: timer.get('ActiveState') === 'active',
    timerEnabled: (timer.get('UnitFileState') ?? '').startsWith('enabled'),
    lastTrigger: when(timer.get('LastTriggerUSec')),
    nextElapse: when(timer.get('NextElapseUSecRealtime')),
    running: service.get('ActiveState') === 'activating' || service.get('ActiveState') === 'active',
    lastStart: start,
    lastExit: when(service.get('ExecMainExitTimestamp')),
    // ExecMainStatus=0 also stands for "never ran"; only a start time makes it an exit status.
    exitStatus: start !== null && status !== undefined && /^\d+$/.test(status) ? Number(status) : null,
    result: start !== null ? (service.get('Result') ?? null) : null,
  };
}
