/**
 * What a probe's evidence holds, read from its zod schema through JSON Schema: used to check policy paths
 * at load time and to list fields in `tenken probes`.
 */
import { z } from 'zod';
import type { Probe } from '../probe.ts';

export type FieldKind = 'boolean' | 'number' | 'string' | 'timestamp' | 'date' | 'array' | 'object';

export interface EvidenceField {
  readonly path: string;
  readonly kinds: readonly FieldKind[];
  readonly nullable: boolean;
  readonly enum?: readonly (string | number)[];
  readonly description?: string;
}

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: (string | number)[];
  const?: string | number;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  description?: string;
  $ref?: string;
};

function kindsOf(s: JsonSchema): { kinds: FieldKind[]; nullable: boolean; enum?: (string | number)[] } {
  if (s.anyOf) {
    const parts = s.anyOf.map(kindsOf);
    const values = parts.flatMap((p) => p.enum ?? []);
    return {
      kinds: [...new Set(parts.flatMap((p) => p.kinds))],
      nullable: parts.some((p) => p.nullable),
      ...(values.length ? { enum: values } : {}),
    };
  }
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const kinds: FieldKind[] = types.flatMap((t): FieldKind[] => {
    if (t === 'integer' || t === 'number') return ['number'];
    if (t === 'string') return [s.format === 'date-time' ? 'timestamp' : s.format === 'date' ? 'date' : 'string'];
    if (t === 'boolean' || t === 'array' || t === 'object') return [t];
    return [];
  });
  const values = s.enum ?? (s.const !== undefined ? [s.const] : undefined);
  return { kinds, nullable: types.includes('null'), ...(values ? { enum: values } : {}) };
}

/** Every field of a probe's evidence with its dotted path (array items are not addressed individually). */
export function evidenceFields(probe: Probe): EvidenceField[] {
  const schema = z.toJSONSchema(probe.evidence, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  const out: EvidenceField[] = [];
  const walk = (s: JsonSchema, path: string) => {
    const props = s.properties ?? s.anyOf?.find((x) => x.properties)?.properties;
    for (const [key, sub] of Object.entries(props ?? {})) {
      if (path === '' && key === 'unknown') continue;
      const p = path ? `${path}.${key}` : key;
      const info = kindsOf(sub);
      const description = sub.description ?? sub.anyOf?.find((x) => x.description)?.description;
      out.push({ path: p, ...info, ...(description ? { description } : {}) });
      walk(sub, p);
    }
  };
  walk(schema, '');
  return out;
}
