import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecording } from '../../src/host/recording.ts';
import { parseKeyValues, parseNetworkTime, parseYesNo, w32timeTypeSyncs } from './clock-sync.ts';

/** The stdout a fixture recorded for `timedatectl show`. */
async function timedatectl(fixture: string): Promise<string> {
  const rec = await loadRecording(join(import.meta.dirname, 'fixtures', fixture));
  const answer = rec.sections['clock-sync']?.find((a) => 'run' in a && a.run.join(' ') === 'timedatectl show');
  if (!answer || !('stdout' in answer)) throw new Error(`no timedatectl show in ${fixture}`);
  return answer.stdout;
}

describe('timedatectl show', () => {
  it('reads NTP and NTPSynchronized as yes/no', async () => {
    const props = parseKeyValues(await timedatectl('linux-synchronised.yaml'));
    expect([parseYesNo(props.get('NTP')), parseYesNo(props.get('NTPSynchronized'))]).toEqual([true, true]);
    const off = parseKeyValues(await timedatectl('linux-ntp-off.yaml'));
    expect([parseYesNo(off.get('NTP')), parseYesNo(off.get('NTPSynchronized'))]).toEqual([false, false]);
  });

  it('keeps values with spaces and skips lines that are not properties', () => {
    const props = parseKeyValues('TimeUSec=Mon 2025-01-06 14:13:15 CET\nnonsense\n=x\n');
    expect([...props]).toEqual([['TimeUSec', 'Mon 2025-01-06 14:13:15 CET']]);
    expect(parseYesNo('true')).toBeNull();
    expect(parseYesNo(undefined)).toBeNull();
  });
});

describe('W32Time Type', () => {
  it('syncs with NTP, NT5DS and AllSync, in any case, not with NoSync, and knows nothing else', () => {
    expect(['NTP', 'nt5ds', 'AllSync'].map(w32timeTypeSyncs)).toEqual([true, true, true]);
    expect(w32timeTypeSyncs('NoSync')).toBe(false);
    expect(w32timeTypeSyncs('')).toBeNull();
    expect(w32timeTypeSyncs('NTP,0x9')).toBeNull();
  });
});

describe('systemsetup -getusingnetworktime', () => {
  it('reads On and Off, and nothing else', () => {
    expect(parseNetworkTime('Network Time: On\n')).toBe(true);
    expect(parseNetworkTime('Network Time: Off\n')).toBe(false);
    expect(parseNetworkTime('You need administrator access to run this tool... exiting!\n')).toBeNull();
  });
});
