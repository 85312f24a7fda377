/**
 * A profile of the policy resolved to the checks it runs and the parameters they see. Apart from the judging
 * (evaluate.ts), which loads the reasons' texts: a scan resolves its profile to know which probes to start.
 */
import type { Check, Param, Policy, Profile } from './schema.ts';

export type ParamValues = ReadonlyMap<string, Param['default']>;

/** A profile with the checks it runs and the parameter values they see. */
export interface ResolvedProfile {
  readonly profile: Profile;
  readonly checks: Check[];
  readonly params: ParamValues;
}

export function resolveProfile(policy: Policy, name: string): ResolvedProfile | undefined {
  const profile = policy.profiles[name];
  if (!profile) return undefined;
  const checks = profile.checks === 'all' ? policy.checks : policy.checks.filter((c) => (profile.checks as string[]).includes(c.id));
  const params = new Map(Object.entries(policy.params).map(([k, p]) => [k, profile.params[k] ?? p.default]));
  return { profile, checks, params };
}
