import { z } from 'zod';
import type { ErrorClass } from './sync';

export const CONNECTION_STATES = ['pending', 'connected', 'error', 'disconnected', 'expired'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export const WARNING_CODES = [
  'consent_expiring',
  'consent_expired',
  'reauth_needed',
  'sync_error',
  'auto_sync_off',
  'refresh_limited',
  'refresh_waiting',
] as const;

/** Something the admin should act on: a code and its parameters (the admin words it), and an English message. */
export interface Warning {
  code: (typeof WARNING_CODES)[number];
  message: string;
  /** consent_expiring: { days, date }; consent_expired: { date }; sync_error: { reference } when there is one. */
  params?: Record<string, string | number>;
}

/** A connection as the admin sees it: never its credentials nor its lease. */
export interface ConnectionView {
  id: number;
  documentId: string;
  providerId: string;
  institutionId: string | null;
  institutionName: string | null;
  institutionCountry: string | null;
  state: ConnectionState;
  autoSync: boolean;
  frequencyMinutes: number;
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
  nextSyncAt: string | null;
  consentExpiresAt: string | null;
  /** The last error: `message` is technical detail (English) for developer mode; the admin words it by `class` and `code`. */
  lastError: { code: string | null; class: ErrorClass | null; message: string | null; reference: string | null } | null;
  hasCredentials: boolean;
  /** Consent ending soon, errors, auto-sync paused: what the admin should act on. */
  warnings: Warning[];
  createdAt: string;
  updatedAt: string;
}

/** GET /bank-sync/connections */
export declare namespace ListConnections {
  interface Response {
    data: ConnectionView[];
  }
}

/** PUT /bank-sync/connections/:id (Edit): auto-sync and frequency. */
export const updateConnectionBody = z
  .object({
    autoSync: z.boolean().optional(),
    frequencyMinutes: z.number().int().min(5).max(43_200).optional(),
  })
  .strict();

export declare namespace UpdateConnection {
  interface Request {
    body: z.input<typeof updateConnectionBody>;
  }
  interface Response {
    data: ConnectionView;
  }
}

/**
 * DELETE /bank-sync/connections/:id (Disconnect). A connection that never connected (pending,
 * no journal linked) is removed; any other is kept as `disconnected`: auto-sync off, its
 * credentials erased, its accounts, journals and statements kept (Reconnect brings it back
 * with the same accounts, so nothing is imported twice).
 */
/**
 * Whether the connection was also ended at the provider (Plaid removes the Item: it stops
 * reading the bank and billing for it). `error`: the provider refused or could not be reached;
 * the connection is disconnected here all the same, and the admin should end it at the
 * provider's dashboard.
 */
export interface DisconnectedAtProvider {
  ended: boolean;
  error: { message: string; reference: string | null } | null;
}

export declare namespace DisconnectConnection {
  interface Response {
    data: { id: number; removed: boolean; connection: ConnectionView | null; provider: DisconnectedAtProvider };
  }
}
