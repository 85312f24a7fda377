/**
 * Loads a policy and its guideline catalogs, and checks what a schema alone cannot: that every probe,
 * evidence path, parameter, catalog item and profile a policy names exists and fits its operator.
 * Every mistake is reported at its file and line (InvalidInputError → exit 2).
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Probe } from '../probe.ts';
import { InvalidInputError, readInputFile, type SourceError } from '../source-errors.ts';
import { errorAt, loadYamlFile, parseYaml, validateYaml, type YamlSource } from '../yaml-source.ts';
import { CATALOGS_DIR } from '../paths.ts';
import { evidenceFields, type EvidenceField, type FieldKind } from './evidence-fields.ts';
import { SUPPORT_ROLES } from '../report/vocabulary.ts';
import { OS_VARIANTS } from './os-variant.ts';
import { Catalog, Check, Duration, Policy, type Expectation, type Param } from './schema.ts';

export interface LoadedPolicy {
  readonly policy: Policy;
  readonly catalogs: ReadonlyMap<string, Catalog>;
  readonly sha256: string;
  /** "bundled:baseline.yaml" or the path given. */
  readonly source: string;
}

export { BUNDLED_POLICY, CATALOGS_DIR } from '../paths.ts';

export async function loadCatalogs(dir = CATALOGS_DIR): Promise<Map<string, Catalog>> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  const catalogs = new Map<string, Catalog>();
  for (const file of files) {
    const { value, source } = await loadYamlFile(join(dir, file), Catalog, 'policy');
    if (`${value.id}.yaml` !== file) throw new InvalidInputError([errorAt(source, ['id'], `catalog id "${value.id}" must match its file name ${file}`)]);
    catalogs.set(value.id, value);
  }
  return catalogs;
}

/** Which field kinds and value types each operator accepts. */
const OP_FIELD_KINDS: Record<Expectation['op'], readonly FieldKind[]> = {
  eq: ['boolean', 'number', 'string', 'timestamp', 'date'],
  ne: ['boolean', 'number', 'string', 'timestamp', 'date'],
  in: ['number', 'string'],
  'not-in': ['number', 'string'],
  lt: ['number'],
  lte: ['number'],
  gt: ['number'],
  gte: ['number'],
  'max-age': ['timestamp', 'date'],
  'not-expired': ['date', 'timestamp'],
  empty: ['array'],
  'not-empty': ['array'],
};
const OP_PARAM_TYPE: Partial<Record<Expectation['op'], Param['type'][]>> = {
  eq: ['boolean', 'number', 'string'],
  ne: ['boolean', 'number', 'string'],
  lt: ['number'],
  lte: ['number'],
  gt: ['number'],
  gte: ['number'],
  'max-age': ['duration'],
};

function paramValueError(type: Param['type'], value: unknown): string | undefined {
  if (type === 'duration') return Duration.safeParse(value).success ? undefined : `expected an ISO 8601 duration such as P7D, got ${JSON.stringify(value)}`;
  return typeof value === type ? undefined : `expected a ${type}, got ${JSON.stringify(value)}`;
}

function checkExpectation(
  src: YamlSource,
  at: (string | number)[],
  e: Expectation,
  probe: Probe,
  fields: ReadonlyMap<string, EvidenceField>,
  params: Policy['params'],
  errors: SourceError[],
) {
  const field = fields.get(e.path);
  if (!field) {
    const near = [...fields.keys()].filter((k) => k.split('.')[0] === e.path.split('.')[0]);
    errors.push(errorAt(src, [...at, 'path'], `"${e.path}" is not in the evidence of ${probe.id}${near.length ? ` (it has: ${near.slice(0, 8).join(', ')})` : ` (run \`tenken probes\` to list its fields)`}`));
    return;
  }
  const allowed = OP_FIELD_KINDS[e.op];
  if (!field.kinds.some((k) => allowed.includes(k))) {
    errors.push(errorAt(src, [...at, 'op'], `operator "${e.op}" does not apply to ${e.path}, which is ${field.kinds.join(' or ')}`));
    return;
  }
  // Words for true and false say nothing about a count or a date: a policy that gives them there is mistaken.
  if (e.states && !field.kinds.includes('boolean')) errors.push(errorAt(src, [...at, 'states'], `states name how yes and no read, but ${e.path} is ${field.kinds.join(' or ')}`));
  if (!('value' in e)) return;
  const v = e.value;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const param = params[v.param];
    if (!param) errors.push(errorAt(src, [...at, 'value', 'param'], `unknown parameter "${v.param}" (declare it under params:)`));
    else if (!OP_PARAM_TYPE[e.op]?.includes(param.type)) errors.push(errorAt(src, [...at, 'value', 'param'], `parameter "${v.param}" is a ${param.type}, which operator "${e.op}" cannot use`));
    return;
  }
  const values = Array.isArray(v) ? v : [v];
  if (field.enum) {
    const bad = values.filter((x) => !field.enum!.includes(x as string | number));
    if (bad.length) errors.push(errorAt(src, [...at, 'value'], `${JSON.stringify(bad[0])} is not a value ${e.path} can take (${field.enum.map((x) => JSON.stringify(x)).join(', ')})`));
  } else if (e.op === 'eq' || e.op === 'ne') {
    const kind = typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? 'number' : 'string';
    if (!field.kinds.includes(kind) && !(kind === 'string' && field.kinds.some((k) => k === 'timestamp' || k === 'date'))) {
      errors.push(errorAt(src, [...at, 'value'], `${e.path} is ${field.kinds.join(' or ')}, but the value is a ${kind}`));
    }
  }
}

/** Checks a parsed policy against the probe registry and the catalogs; returns every error found. */
/**
 * The parts of a policy that parse on their own, when the whole does not: cross-checking them too means one
 * run of `policy validate` shows every mistake, not the schema's first and then, after a fix, the rest.
 */
function salvage(src: YamlSource): Pick<Policy, 'params' | 'catalogs' | 'profiles'> & { checks: (Check | undefined)[] } {
  const raw = (src.value ?? {}) as Record<string, unknown>;
  const shape = Policy.shape;
  return {
    params: shape.params.safeParse(raw.params).data ?? {},
    catalogs: shape.catalogs.safeParse(raw.catalogs).data ?? [],
    checks: Array.isArray(raw.checks) ? raw.checks.map((c) => Check.safeParse(c).data) : [],
    profiles: {},
  };
}

export function crossCheck(
  src: YamlSource,
  policy: Pick<Policy, 'params' | 'catalogs' | 'profiles'> & { checks: readonly (Check | undefined)[]; defaultProfile?: string },
  probes: readonly Probe[],
  catalogs: ReadonlyMap<string, Catalog>,
): SourceError[] {
  const errors: SourceError[] = [];
  const byId = new Map(probes.map((p) => [p.id, p]));
  const fieldsOf = new Map(probes.map((p) => [p.id, new Map(evidenceFields(p).map((f) => [f.path, f]))]));

  for (const [name, param] of Object.entries(policy.params)) {
    const problem = paramValueError(param.type, param.default);
    if (problem) errors.push(errorAt(src, ['params', name, 'default'], `parameter "${name}": ${problem}`));
  }
  policy.catalogs.forEach((id, i) => {
    if (!catalogs.has(id)) errors.push(errorAt(src, ['catalogs', i], `unknown catalog "${id}" (available: ${[...catalogs.keys()].join(', ')})`));
  });
  const seen = new Set<string>();
  policy.checks.forEach((check, i) => {
    if (!check) return;
    const at = ['checks', i];
    if (seen.has(check.id)) errors.push(errorAt(src, [...at, 'id'], `duplicate check id "${check.id}"`));
    seen.add(check.id);
    const probe = byId.get(check.probe);
    if (!probe) {
      errors.push(errorAt(src, [...at, 'probe'], `unknown probe "${check.probe}" (known: ${[...byId.keys()].join(', ')})`));
    } else {
      const fields = fieldsOf.get(probe.id)!;
      check.applicableWhen?.forEach((e, j) => checkExpectation(src, [...at, 'applicableWhen', j], e, probe, fields, policy.params, errors));
      const [kind, list] = 'all' in check.expect ? ['all', check.expect.all] : ['any', check.expect.any];
      list.forEach((e, j) => checkExpectation(src, [...at, 'expect', kind, j], e, probe, fields, policy.params, errors));
    }
    const supported = new Set<string>();
    for (const role of SUPPORT_ROLES) {
      check.supports[role].forEach((ref, j) => {
        const where = [...at, 'supports', role, j];
        const [catalogId, item] = ref.split(':') as [string, string];
        const catalog = catalogs.get(catalogId);
        if (supported.has(ref)) errors.push(errorAt(src, where, `${ref} is listed twice: a check supports an item either as its main measure or as a supplementary one`));
        else if (!policy.catalogs.includes(catalogId)) errors.push(errorAt(src, where, `catalog "${catalogId}" is not listed under catalogs:`));
        else if (catalog && !catalog.items.some((x) => x.id === item)) errors.push(errorAt(src, where, `${catalog.short.en} has no item "${item}"`));
        supported.add(ref);
      });
    }
    for (const variant of OS_VARIANTS) {
      const platform = variant.split('-')[0] as keyof Check['remediation'];
      if (check.remediation[variant] && !check.remediation[platform]) {
        errors.push(errorAt(src, [...at, 'remediation', variant], `remediation ${variant} needs a ${platform}: text too, for ${platform} devices of another kind`));
      }
    }
  });
  if (policy.defaultProfile !== undefined && !policy.profiles[policy.defaultProfile]) errors.push(errorAt(src, ['defaultProfile'], `defaultProfile "${policy.defaultProfile}" is not one of the profiles`));
  for (const [name, profile] of Object.entries(policy.profiles)) {
    if (profile.checks !== 'all') {
      profile.checks.forEach((id, j) => {
        if (!seen.has(id)) errors.push(errorAt(src, ['profiles', name, 'checks', j], `profile "${name}" names unknown check "${id}"`));
      });
    }
    profile.gate?.confirm.forEach((ref, j) => {
      const [catalogId, item] = ref.split(':') as [string, string];
      if (!policy.catalogs.includes(catalogId) || !catalogs.get(catalogId)?.items.some((x) => x.id === item)) {
        errors.push(errorAt(src, ['profiles', name, 'gate', 'confirm', j], `profile "${name}": ${ref} is not an item of the catalogs listed under catalogs:`));
      }
    });
    for (const [param, value] of Object.entries(profile.params)) {
      const declared = policy.params[param];
      if (!declared) errors.push(errorAt(src, ['profiles', name, 'params'], `profile "${name}" overrides unknown parameter "${param}"`, param));
      else {
        const problem = paramValueError(declared.type, value);
        if (problem) errors.push(errorAt(src, ['profiles', name, 'params', param], `profile "${name}", parameter "${param}": ${problem}`));
      }
    }
  }
  return errors;
}

/** Parses, validates and cross-checks policy text; every mistake at once. */
export function parsePolicy(text: string, file: string, probes: readonly Probe[], catalogs: ReadonlyMap<string, Catalog>, source = file): LoadedPolicy {
  const src = parseYaml(text, file);
  let policy: Policy;
  try {
    policy = validateYaml(src, Policy);
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    const all = [...e.errors, ...crossCheck(src, salvage(src), probes, catalogs)];
    throw new InvalidInputError(all.sort((a, b) => a.line - b.line || a.column - b.column));
  }
  const errors = crossCheck(src, policy, probes, catalogs);
  if (errors.length) throw new InvalidInputError(errors);
  return { policy, catalogs, sha256: createHash('sha256').update(text).digest('hex'), source };
}

export async function loadPolicy(file: string, probes: readonly Probe[], options: { catalogs?: ReadonlyMap<string, Catalog>; source?: string } = {}): Promise<LoadedPolicy> {
  const text = await readInputFile(file, 'policy');
  return parsePolicy(text, file, probes, options.catalogs ?? (await loadCatalogs()), options.source);
}
