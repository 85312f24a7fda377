/**
 * The probe registry: one import per probe folder (test/registry.test.ts fails when a folder is missing here).
 */
import type { Probe } from '../src/probe.ts';
import diskEncryption from './disk-encryption/disk-encryption.ts';

export const probes: readonly Probe[] = [diskEncryption];
