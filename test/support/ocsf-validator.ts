/**
 * Validates OCSF events against the OCSF schema source files vendored in test/fixtures/ocsf/<version>/ (see
 * SOURCE.md there). No JSON Schema export of OCSF is published in a form the tests can fetch (the OCSF server
 * builds one on request at schema.ocsf.io), so this resolves the schema the way OCSF's schema compiler does
 * (test/ocsf.test.ts compares the two on every attribute), reading every requirement, enum and type from the
 * vendored files rather than from a copied list:
 *
 * - a class or object is its `extends` chain merged top-down, each level's `$include`d profiles first and its
 *   own attributes over them; every attribute is then merged over its dictionary.json entry (so the class's
 *   enum values join the dictionary's 0 Unknown / 99 Other, as on schema.ocsf.io);
 * - attributes a profile brings in count only when the event names the profile in metadata.profiles
 *   (an override with `"profile": null` makes one unconditional, as finding.device does);
 * - class_uid = category uid × 1000 + class uid, type_uid = class_uid × 100 + activity_id;
 * - checked: required attributes present, no attribute the class or object does not define, no deprecated
 *   attribute, enum values allowed and their `_name`/sibling captions matching, base types (string, integer
 *   ranges, long, float, boolean, the regex and max_len of derived types like mac_t and uuid_t), arrays,
 *   nested objects recursively, and the objects' at_least_one / just_one constraints.
 * Not checked: observables, extensions, and recommended attributes (reported, not errors).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = Record<string, Json>;

export interface AttributeDef {
  readonly name: string;
  readonly type: string;
  readonly isArray: boolean;
  readonly requirement: 'required' | 'recommended' | 'optional' | undefined;
  readonly enumValues: ReadonlyMap<string, string> | undefined;
  readonly sibling: string | undefined;
  readonly profile: string | null;
  readonly deprecated: boolean;
}

interface Resolved {
  readonly name: string;
  /** The attributes as the schema files give them, before the dictionary: what a subclass merges over. */
  readonly raw: Obj;
  readonly category: string | undefined;
  readonly uid: number | undefined;
  readonly attributes: ReadonlyMap<string, AttributeDef>;
  readonly constraints: { readonly at_least_one?: readonly string[]; readonly just_one?: readonly string[] } | undefined;
}

export interface OcsfIssue {
  readonly path: string;
  readonly message: string;
}

export interface OcsfValidation {
  readonly errors: OcsfIssue[];
  /** Recommended attributes the event leaves out: for reading, not failures. */
  readonly missingRecommended: string[];
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObj(v) && isObj(out[k]) ? deepMerge(out[k], v) : v;
  return out;
}

export class OcsfSchema {
  readonly version: string;
  private readonly dictionary: Obj;
  private readonly types: Obj;
  private readonly categories: Obj;
  /** Raw definitions by name: events (base_event, finding, compliance_finding …) and objects apart. */
  private readonly events = new Map<string, Obj>();
  private readonly objects = new Map<string, Obj>();
  private readonly cache = new Map<string, Resolved>();
  private readonly classesByUid = new Map<number, Resolved>();

  private readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    this.version = (this.read('version.json') as { version: string }).version;
    this.dictionary = this.read('dictionary.json') as Obj;
    this.types = (this.dictionary.types as Obj).attributes as Obj;
    this.categories = (this.read('categories.json') as Obj).attributes as Obj;
    for (const [kind, map] of [['events', this.events], ['objects', this.objects]] as const) {
      for (const entry of readdirSync(join(dir, kind), { recursive: true, encoding: 'utf8' })) {
        if (!entry.endsWith('.json')) continue;
        const def = this.read(join(kind, entry)) as Obj;
        map.set(def.name as string, def);
      }
    }
    for (const name of this.events.keys()) {
      const c = this.resolve('event', name);
      if (c.uid === undefined || !c.category) continue;
      const classUid = this.categoryUid(c.category) * 1000 + c.uid;
      this.classesByUid.set(classUid, this.withClassEnums(c, classUid));
    }
  }

  /**
   * What the OCSF server derives for a concrete class: class_uid, category_uid and type_uid each take only this
   * class's values (class uid; its category's uid; class_uid × 100 + each activity_id), replacing base_event's 0s.
   */
  private withClassEnums(c: Resolved, classUid: number): Resolved {
    const category = this.categories[c.category!] as Obj;
    const caption = (this.events.get(c.name)!.caption as string) ?? c.name;
    const activities = c.attributes.get('activity_id')!.enumValues!;
    const attributes = new Map(c.attributes);
    const only = (attr: string, values: [string, string][]) => attributes.set(attr, { ...attributes.get(attr)!, enumValues: new Map(values) });
    only('class_uid', [[String(classUid), caption]]);
    only('category_uid', [[String(category.uid), category.caption as string]]);
    only('type_uid', [...activities].map(([id, name]) => [String(classUid * 100 + Number(id)), `${caption}: ${name}`]));
    return { ...c, attributes };
  }

  private read(path: string): Json {
    return JSON.parse(readFileSync(join(this.dir, path), 'utf8')) as Json;
  }

  private categoryUid(category: string): number {
    const c = this.categories[category];
    if (!isObj(c)) throw new Error(`OCSF category ${category} is not in categories.json`);
    return c.uid as number;
  }

  /** Attributes of one definition level: its `$include`d profiles, then its own over them. */
  private levelAttributes(def: Obj): Obj {
    const own = { ...(def.attributes as Obj) };
    const includes = (own.$include ?? []) as string[];
    delete own.$include;
    let merged: Obj = {};
    for (const path of includes) {
      const profile = this.read(path) as Obj;
      const marked = Object.fromEntries(Object.entries(profile.attributes as Obj).map(([k, v]) => [k, { profile: profile.name as string, ...(v as Obj) }]));
      merged = deepMerge(merged, marked);
    }
    return deepMerge(merged, own);
  }

  private resolve(kind: 'event' | 'object', name: string): Resolved {
    const key = `${kind}:${name}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const def = (kind === 'event' ? this.events : this.objects).get(name);
    if (!def) throw new Error(`OCSF ${kind} "${name}" is not vendored in ${this.dir}; add objects/${name}.json from the same OCSF commit`);
    const parent = def.extends ? this.resolve(kind, def.extends as string) : undefined;
    const raw = deepMerge(parent?.raw ?? {}, this.levelAttributes(def));
    const attributes = new Map<string, AttributeDef>();
    for (const [attr, classDef] of Object.entries(raw)) {
      const dict = (this.dictionary.attributes as Obj)[attr];
      if (!isObj(dict)) throw new Error(`OCSF attribute ${attr} of ${name} is not in dictionary.json`);
      const full = deepMerge(dict, classDef as Obj);
      attributes.set(attr, {
        name: attr,
        type: full.type as string,
        isArray: full.is_array === true,
        requirement: full.requirement as AttributeDef['requirement'],
        enumValues: isObj(full.enum) ? new Map(Object.entries(full.enum).map(([v, e]) => [v, (e as Obj).caption as string])) : undefined,
        sibling: full.sibling as string | undefined,
        profile: (full.profile as string | null | undefined) ?? null,
        deprecated: full['@deprecated'] !== undefined,
      });
    }
    // The datetime profile gives every timestamp_t attribute an RFC 3339 twin, <name>_dt (the compiler makes them).
    for (const a of [...attributes.values()].filter((x) => x.type === 'timestamp_t')) {
      attributes.set(`${a.name}_dt`, { name: `${a.name}_dt`, type: 'datetime_t', isArray: false, requirement: 'optional', enumValues: undefined, sibling: undefined, profile: 'datetime', deprecated: false });
    }
    const resolved: Resolved = {
      name,
      raw,
      category: (def.category as string | undefined) ?? parent?.category,
      uid: def.uid as number | undefined,
      attributes,
      constraints: (def.constraints as Resolved['constraints']) ?? parent?.constraints,
    };
    this.cache.set(key, resolved);
    return resolved;
  }

  /** A class (by class_uid) or an object (by name) as resolved here, e.g. to compare with OCSF's compiler. */
  definitionOf(what: number | string): Pick<Resolved, 'attributes' | 'constraints'> {
    const def = typeof what === 'number' ? this.classesByUid.get(what) : this.resolve('object', what);
    if (!def) throw new Error(`no vendored OCSF class has class_uid ${what}`);
    return def;
  }

  validate(event: unknown): OcsfValidation {
    const errors: OcsfIssue[] = [];
    const missingRecommended: string[] = [];
    if (!isObj(event)) return { errors: [{ path: '', message: 'an event is a JSON object' }], missingRecommended };
    const cls = typeof event.class_uid === 'number' ? this.classesByUid.get(event.class_uid) : undefined;
    if (!cls) return { errors: [{ path: 'class_uid', message: `no vendored OCSF class has class_uid ${JSON.stringify(event.class_uid)}` }], missingRecommended };
    const metadata = isObj(event.metadata) ? event.metadata : {};
    const profiles = new Set(Array.isArray(metadata.profiles) ? metadata.profiles.filter((p) => typeof p === 'string') : []);
    // type_uid's enum allows every activity of the class; this one must be the event's own.
    if (typeof event.activity_id === 'number' && event.type_uid !== (event.class_uid as number) * 100 + event.activity_id) {
      errors.push({ path: 'type_uid', message: `type_uid must be class_uid × 100 + activity_id = ${(event.class_uid as number) * 100 + event.activity_id}, not ${JSON.stringify(event.type_uid)}` });
    }
    if (metadata.version !== this.version) errors.push({ path: 'metadata.version', message: `events follow OCSF ${this.version}, not ${JSON.stringify(metadata.version)}` });
    this.checkObject(cls, event, '', profiles, errors, missingRecommended);
    return { errors, missingRecommended };
  }

  private checkObject(def: Resolved, value: Obj, path: string, profiles: ReadonlySet<string>, errors: OcsfIssue[], missing: string[]): void {
    const at = (k: string) => (path ? `${path}.${k}` : k);
    const active = new Map([...def.attributes].filter(([, a]) => a.profile === null || profiles.has(a.profile)));
    for (const [k, v] of Object.entries(value)) {
      const attr = active.get(k);
      if (!attr) {
        const viaProfile = def.attributes.get(k)?.profile;
        errors.push({ path: at(k), message: viaProfile ? `${k} belongs to the ${viaProfile} profile, which metadata.profiles does not name` : `${def.name} has no attribute ${k}` });
        continue;
      }
      if (attr.deprecated) errors.push({ path: at(k), message: `${k} is deprecated in ${def.name}` });
      if (attr.isArray) {
        if (!Array.isArray(v)) errors.push({ path: at(k), message: `${k} is an array of ${attr.type}` });
        else v.forEach((item, i) => this.checkValue(attr, item, `${at(k)}[${i}]`, value, profiles, errors, missing));
      } else this.checkValue(attr, v, at(k), value, profiles, errors, missing);
    }
    for (const attr of active.values()) {
      if (attr.name in value) continue;
      if (attr.requirement === 'required') errors.push({ path: at(attr.name), message: `${def.name} requires ${attr.name}` });
      else if (attr.requirement === 'recommended') missing.push(at(attr.name));
    }
    const { at_least_one: atLeastOne, just_one: justOne } = def.constraints ?? {};
    if (atLeastOne && !atLeastOne.some((k) => k in value)) errors.push({ path: path || def.name, message: `${def.name} needs at least one of ${atLeastOne.join(', ')}` });
    if (justOne && justOne.filter((k) => k in value).length !== 1) errors.push({ path: path || def.name, message: `${def.name} needs exactly one of ${justOne.join(', ')}` });
  }

  private checkValue(attr: AttributeDef, v: Json, path: string, parent: Obj, profiles: ReadonlySet<string>, errors: OcsfIssue[], missing: string[]): void {
    if (attr.type === 'object' || attr.type === 'json_t') {
      if (attr.type === 'object' && !isObj(v)) errors.push({ path, message: `${attr.name} is an object` });
      return;
    }
    if (!(attr.type in this.types)) {
      if (!isObj(v)) errors.push({ path, message: `${attr.name} is an OCSF ${attr.type} object` });
      else this.checkObject(this.resolve('object', attr.type), v, path, profiles, errors, missing);
      return;
    }
    const problem = this.typeProblem(attr.type, v);
    if (problem) errors.push({ path, message: `${attr.name}: ${problem}` });
    if (attr.enumValues) {
      const caption = attr.enumValues.get(String(v));
      if (caption === undefined) errors.push({ path, message: `${attr.name} ${JSON.stringify(v)} is not one of ${[...attr.enumValues].map(([k, c]) => `${k} ${c}`).join(', ')}` });
      // A sibling of 99 Other carries the source's own word; any other value's sibling is its caption.
      else if (attr.sibling && attr.sibling in parent && String(v) !== '99' && parent[attr.sibling] !== caption) {
        errors.push({ path, message: `${attr.sibling} must be "${caption}" for ${attr.name} ${String(v)}, not ${JSON.stringify(parent[attr.sibling])}` });
      }
    }
  }

  /** Follows a data type to its base type, checking every level's regex, max_len, range and values. */
  private typeProblem(type: string, v: Json): string | undefined {
    for (let t: string | undefined = type; t; ) {
      const def = this.types[t] as Obj;
      if (typeof def.regex === 'string' && (typeof v !== 'string' || !new RegExp(def.regex).test(v))) return `${JSON.stringify(v)} is not a ${type}`;
      if (typeof def.max_len === 'number' && typeof v === 'string' && v.length > def.max_len) return `longer than ${def.max_len} (${type})`;
      if (Array.isArray(def.range) && (typeof v !== 'number' || v < (def.range[0] as number) || v > (def.range[1] as number))) return `${JSON.stringify(v)} is outside ${type}'s range`;
      if (Array.isArray(def.values) && !def.values.includes(v)) return `${JSON.stringify(v)} is not a ${type}`;
      const base = def.type as string | undefined;
      if (!base) {
        const ok = BASE_TYPES[t];
        if (!ok) throw new Error(`OCSF base type ${t} has no check here; add one`);
        return ok(v) ? undefined : `${JSON.stringify(v)} is not a ${type}`;
      }
      t = base;
    }
    return undefined;
  }
}


/** The base types of dictionary.json's "types" (those without a `type` of their own), per its descriptions. */
const BASE_TYPES: Record<string, (v: Json) => boolean> = {
  string_t: (v) => typeof v === 'string',
  // integer_t ("Signed integer value") taken as 32-bit, since long_t is "8-byte long"; JSON numbers stay safe.
  integer_t: (v) => Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31,
  long_t: (v) => Number.isSafeInteger(v),
  float_t: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean_t: (v) => typeof v === 'boolean',
  json_t: () => true,
};
