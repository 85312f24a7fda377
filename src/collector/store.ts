/**
 * The collector's storage, one interface with two implementations: node:sqlite (the embedded default)
 * and PostgreSQL (several collectors behind a load balancer). Routes and the dashboard see only this.
 */
import type { Ed25519PublicJwk } from '../transport/dsse.ts';
import type { DeviceHints } from '../transport/protocol.ts';
import type { DeviceHistory, DeviceList, FleetSummary } from './read-model.ts';

export interface DeviceListQuery {
  now: Date;
  limit: number;
  offset: number;
  /** silent: no report in twice the device's interval; failing: newest baseline report failed. */
  filter?: 'all' | 'silent' | 'failing';
  /** Case-insensitive substring of the hostname. */
  search?: string;
}

/** What the dashboard and the read API need. */
export interface ReadStore {
  fleetSummary(opts: { profile: string; now: Date }): Promise<FleetSummary>;
  listDevices(query: DeviceListQuery): Promise<DeviceList>;
  /** null: no such device. Reports newest first. */
  deviceHistory(deviceId: string, opts: { now: Date; limit: number }): Promise<DeviceHistory | null>;
}

/** Administrators of the dashboard and read API; passwords hashed by src/collector/password.ts. */
export interface AdminStore {
  countAdmins(): Promise<number>;
  /** Adds or replaces (a new password) an administrator. */
  putAdmin(name: string, passwordHash: string, now: Date): Promise<void>;
  adminPasswordHash(name: string): Promise<string | null>;
  /** Sessions are kept by the SHA-256 of their cookie value, never the value itself. */
  createSession(idHash: string, admin: string, expiresAt: Date): Promise<void>;
  sessionAdmin(idHash: string, now: Date): Promise<string | null>;
  deleteSession(idHash: string): Promise<void>;
}

export interface EnrolledDevice {
  deviceId: string;
  tokenHash: string;
  publicKey: Ed25519PublicJwk;
  keyId: string;
  hostname: string;
  platform: 'linux' | 'win32' | 'darwin';
  agentVersion: string;
  hints: DeviceHints;
  enrolledAt: Date;
}

export type { Ed25519PublicJwk };
