/**
 * The evidence when nobody's settings can be read, the same on every OS: each fact null with the lookup's
 * reason — not false: logind may be missing (a container), nobody may be logged on, or the lookup failed.
 */
import type { z } from 'zod';
import { because, type Reason, type reasons } from '../../src/probe.ts';
import type { ScreenLockEvidence } from './screen-lock.ts';

const PER_USER_FACTS = ['desktopFamily', 'source', 'idleDelaySeconds', 'lockEnabled', 'lockDelaySeconds', 'lockOnResume', 'locksWhenIdle', 'lockAfterSeconds'] as const;

export function withoutConsoleUser(
  why: ReturnType<typeof reasons>,
  lookupReason: Reason,
  platformOnly: { readonly lockDisabledByPolicy?: null } = {},
): z.input<typeof ScreenLockEvidence> {
  for (const path of [...PER_USER_FACTS, ...Object.keys(platformOnly), 'sessionType', 'desktop', 'user']) why.set(path, because('screen-lock.no-console-user'));
  why.set('graphicalSession', lookupReason);
  const nulls = Object.fromEntries(PER_USER_FACTS.map((path) => [path, null])) as Record<(typeof PER_USER_FACTS)[number], null>;
  return { graphicalSession: null, sessionType: null, desktop: null, user: null, ...nulls, ...platformOnly, unknown: why.map };
}
