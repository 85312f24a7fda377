/**
 * The probe set stays honest: folders ↔ registry, ids = folder names, no goldens without their fixture, every
 * described evidence field described in Japanese too.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_JA } from '../probes/evidence-ja.ts';
import { probes } from '../probes/index.ts';
import { evidenceFields } from '../src/policy/evidence-fields.ts';

const PROBES_DIR = join(import.meta.dirname, '..', 'probes');

describe('probe registry', async () => {
  const folders = (await readdir(PROBES_DIR, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();

  it('registers every probe folder in probes/index.ts, and nothing else', () => {
    expect(probes.map((p) => p.id).sort(), 'add `import x from "./<id>/<id>.ts"` to probes/index.ts for each folder').toEqual(folders);
  });

  it('has unique kebab-case ids', () => {
    const ids = probes.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.for(folders)('%s: every golden has its fixture', async (folder) => {
    const files = await readdir(join(PROBES_DIR, folder, 'fixtures')).catch(() => [] as string[]);
    const stale = files.filter((f) => f.endsWith('.outcome.json') && !files.includes(f.replace(/\.outcome\.json$/, '.yaml')));
    expect(stale, 'delete goldens whose fixture is gone').toEqual([]);
  });

  it.for(probes.map((p) => [p.id, p] as const))('%s: declares a version and a title in both languages', ([, probe]) => {
    expect(probe.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(probe.title.ja.length).toBeGreaterThan(0);
    expect(probe.title.en.length).toBeGreaterThan(0);
  });

  it('has a Japanese evidence catalogue for every probe in probes/evidence-ja.ts, and nothing else', () => {
    expect(Object.keys(EVIDENCE_JA).sort(), 'add `probes/<id>/evidence-ja.ts` to probes/evidence-ja.ts for each probe').toEqual(probes.map((p) => p.id).sort());
  });

  it.for(probes.map((p) => [p.id, p] as const))('%s: describes in Japanese exactly the evidence fields described in English', ([id, probe]) => {
    // A field the schema leaves undescribed is listed without a description in both languages.
    const described = evidenceFields(probe).flatMap((f) => (f.description ? [f.path] : []));
    expect(Object.keys(EVIDENCE_JA[id] ?? {}).sort(), `probes/${id}/evidence-ja.ts: one Japanese text per field with .describe()`).toEqual(described.sort());
  });
});
