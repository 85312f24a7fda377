/**
 * The Host's progress capability that `tenken fix` uses (onStdoutLine): live, recording and replay hosts hand
 * over the same lines, and the result's stdout is unchanged by it.
 */
import { describe, expect, it } from 'vitest';
import { createLiveHost } from '../src/host/live-host.ts';
import { createRecordingHost } from '../src/host/recording-host.ts';
import { createReplayHost } from '../src/host/replay-host.ts';

describe('onStdoutLine', () => {
  it('gives each line as it is printed, records the output verbatim, and replays the same lines', async () => {
    const live = createRecordingHost(await createLiveHost(), 'fix');
    const seen: string[] = [];
    const printed = await live.run('printf', ['one\\ntwo\\r\\nthree'], { onStdoutLine: (l) => seen.push(l) });
    expect(printed.stdout).toBe('one\ntwo\r\nthree');
    expect(seen).toEqual(['one', 'two', 'three']);
    const plain = await live.run('printf', ['one\\ntwo\\r\\nthree']);
    expect(plain.stdout).toBe(printed.stdout);

    const replay = createReplayHost(live.recording({ source: 'test', redact: false }), 'fix');
    const replayed: string[] = [];
    expect((await replay.run('printf', ['one\\ntwo\\r\\nthree'], { onStdoutLine: (l) => replayed.push(l) })).stdout).toBe(printed.stdout);
    expect(replayed).toEqual(seen);
  });
});
