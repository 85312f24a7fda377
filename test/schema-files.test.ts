/**
 * The generated JSON Schemas are current: schema/report.schema.json and schema/selfcheck.schema.json (for consumers of reports and self-checks) and
 * policies/{policy,catalog}.schema.json (for editors). Regenerate with `npm run schema`, review the diff.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Catalog, Policy } from '../src/policy/schema.ts';
import { Report } from '../src/report/schema.ts';
import { SelfCheckResult } from '../src/selfcheck/result.ts';

const ROOT = join(import.meta.dirname, '..');
const files = [
  ['schema/report.schema.json', Report, 'output'],
  ['policies/policy.schema.json', Policy, 'input'],
  ['policies/catalog.schema.json', Catalog, 'input'],
  ['schema/selfcheck.schema.json', SelfCheckResult, 'output'],
] as const;

describe('generated JSON Schemas', () => {
  it.for(files)('%s is current', async ([path, schema, io]) => {
    const json = { $id: `https://tenken.invalid/${path}`, ...z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) };
    await expect(`${JSON.stringify(json, null, 2)}\n`).toMatchFileSnapshot(join(ROOT, path));
  });
});
