/**
 * Linux collector of the backup probe: Déjà Dup for the console user (GNOME's backup tool, installed by default on
 * Ubuntu; its settings live in the user's dconf database, so gsettings runs as that user, as for the screen lock)
 * and the systemd timers that run restic, borg or borgmatic (machine-wide). The two are read in parallel.
 */
import type { z } from 'zod';
import { because, firstLine, reasons, runIfInstalled, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { BackupEvidence, BackupTool, BackupToolFacts } from './backup.ts';
import { dejaDupFacts, foundTools, parseGsettingsList, parseListTimers, parseShowBlocks, summarise, timerFacts, timerTool } from './parse.ts';

type Evidence = z.input<typeof BackupEvidence>;
type Found = { facts: BackupToolFacts[]; problems: [BackupTool, Reason][] };

const LOOKED: readonly BackupTool[] = ['deja-dup', 'restic', 'borg', 'borgmatic'];

async function dejaDup(ctx: ProbeContext, lookup: Awaited<ReturnType<ProbeContext['consoleUser']>>): Promise<Found> {
  if (!lookup.found) return { facts: [], problems: [['deja-dup', lookup.reason]] };
  const command = 'gsettings list-recursively org.gnome.DejaDup';
  const r = await runIfInstalled(ctx, 'gsettings', ['list-recursively', 'org.gnome.DejaDup'], { asConsoleUser: true });
  // No gsettings, or no Déjà Dup schema ("No such schema “org.gnome.DejaDup”"): Déjà Dup is not installed.
  if (!r || (r.exitCode !== 0 && /No such schema/.test(r.stderr))) return { facts: [], problems: [] };
  if (r.exitCode !== 0) return { facts: [], problems: [['deja-dup', because('command.failed', { command, exitCode: r.exitCode }, saidBy(r))]] };
  // Without the user's dconf database GLib falls back to defaults in memory ("GLib-GIO-Message: Using the
  // 'memory' GSettings backend.  Your settings will not be saved…"): those defaults say nothing about this user.
  if (/'memory' GSettings backend/.test(r.stderr)) return { facts: [], problems: [['deja-dup', because('backup.gsettings-memory')]] };
  const facts = dejaDupFacts(parseGsettingsList(r.stdout, 'org.gnome.DejaDup'));
  if (facts === null) return { facts: [], problems: [['deja-dup', because('command.unexpected-output', { command }, firstLine(r.stdout))]] };
  return { facts: facts ? [facts] : [], problems: [] };
}

/**
 * Timers whose service runs restic, borg or borgmatic, and each service's last result: one `systemctl show` for
 * all of them. Without systemctl there are no systemd timers to find; a systemctl that cannot talk to systemd
 * (a container, WSL without systemd) leaves them unknown.
 */
async function backupTimers(ctx: ProbeContext): Promise<Found> {
  const command = 'systemctl list-timers --all --output=json';
  const r = await runIfInstalled(ctx, 'systemctl', ['list-timers', '--all', '--output=json']);
  if (!r) return { facts: [], problems: [] };
  const rows = r.exitCode === 0 ? parseListTimers(r.stdout) : null;
  if (rows === null) {
    const reason = r.exitCode === 0 ? because('command.unexpected-output', { command }, firstLine(r.stdout)) : because('command.failed', { command, exitCode: r.exitCode }, saidBy(r));
    return { facts: [], problems: [['restic', reason], ['borg', reason], ['borgmatic', reason]] };
  }
  const backups = rows.flatMap((row) => {
    const tool = timerTool(row.activates);
    return tool ? [{ tool, row }] : [];
  });
  if (backups.length === 0) return { facts: [], problems: [] };
  const args = ['show', ...backups.map((b) => b.row.activates), '-p', 'Id', '-p', 'Result', '-p', 'ExecMainExitTimestamp', '--timestamp=unix'];
  const shown = await ctx.run('systemctl', args);
  const services = shown.exitCode === 0 ? parseShowBlocks(shown.stdout) : new Map<string, Map<string, string>>();
  const found: Found = { facts: [], problems: [] };
  for (const { tool, row } of backups) {
    const { facts, problem } = timerFacts(tool, row, services.get(row.activates));
    found.facts.push(facts);
    if (problem) found.problems.push([tool, shown.exitCode === 0 ? problem : because('command.failed', { command: `systemctl show ${row.activates}`, exitCode: shown.exitCode }, saidBy(shown))]);
  }
  return found;
}

export async function collectLinux(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const lookup = await ctx.consoleUser();
  if (lookup.found) ctx.identifying('user', lookup.user.name);
  else why.set('user', lookup.reason);
  const [deja, timers] = await Promise.all([dejaDup(ctx, lookup), backupTimers(ctx)]);
  const tools = foundTools([...deja.facts, ...timers.facts], [...deja.problems, ...timers.problems], why);
  return { user: lookup.found ? lookup.user.name : null, ...summarise(tools, LOOKED, why), unknown: why.map };
}
