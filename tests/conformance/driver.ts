/**
 * What the provider conformance kit (tests/conformance/kit.ts) needs from a provider's fake.
 * A driver speaks about one neutral bank (accounts and transactions in plain terms) and turns
 * it into its provider's shapes; the kit then checks, through the real Strapi and the admin
 * API, that the engine imports exactly the bank's posted transactions whatever the provider
 * does (paging, pending, twins, token expiry, errors, consent).
 *
 * Each built-in provider has a driver in tests/conformance/drivers/; an author of a new
 * provider writes one for their own fake and calls `describeConformance(driver)`.
 */

/** One account of the neutral bank. */
export interface NeutralAccount {
  /** The kit's key for the account ('A', 'B', ...). */
  ref: string;
  name: string;
  /** ISO 4217, two decimals in the kit's banks. */
  currency: string;
  /** The bank's balance in minor units (positive = in credit). */
  balance: number;
  iban?: string;
}

/** One transaction of the neutral bank. */
export interface NeutralTransaction {
  /** Unique in the bank; the driver derives its provider's id from it (see providerTransactionId). */
  id: string;
  account: string;
  /** The bank day it was booked (YYYY-MM-DD). Drivers whose provider gives instants use midday UTC. */
  date: string;
  /** Minor units, positive = money in (drivers flip it where their provider does). */
  amount: number;
  label: string;
  counterparty: string | null;
  status: 'posted' | 'pending';
  /** On a posted transaction: the id of the pending one it replaces. */
  replaces?: string;
}

export interface NeutralBank {
  accounts: NeutralAccount[];
  /** In any order. */
  transactions: NeutralTransaction[];
  /** When the consent given at connect time ends (ISO instant), or null. */
  consentExpiresAt: string | null;
}

/** A failure the fake makes on purpose, named by the class the engine must see. */
export type FaultClass = 'reauth' | 'retry' | 'backoff' | 'config' | 'gone';

export interface FaultPlan {
  class: FaultClass;
  /** Fail the transaction listing after this many pages were served in the run (0: the first listing call). */
  afterPages: number;
  /** For 'backoff': the provider's wait, when it gives one. */
  retryAfterSeconds?: number;
}

export interface DriverCapabilities {
  /** The provider reports pending transactions (and pending → posted can be shown). */
  pending: boolean;
  /** Access tokens expire and are renewed during a run. */
  tokenExpiry: boolean;
  /** The provider tells when the consent ends. */
  consentExpiry: boolean;
  /** The provider reports changes and removals of given transactions (Plaid's modified / removed). */
  changes: boolean;
  /** Fault classes the provider can produce (others are skipped by the kit). */
  faults: FaultClass[];
}

export interface ConformanceDriver {
  providerId: string;
  capabilities: DriverCapabilities;
  /** Starts the fake on 127.0.0.1 (a free port). */
  start(): Promise<void>;
  close(): Promise<void>;
  /** The provider's configuration pointing at the fake (`providers.<id>` of the plugin config). */
  providerConfig(): Record<string, unknown>;
  /** An institution of the fake, and a search text that finds it. */
  institution: { id: string; name: string; search: string };
  /** Replaces the whole bank (a new connection sees only this bank; tokens and ids start anew). */
  setBank(bank: NeutralBank): void;
  /** The bank books more transactions (posted or pending) on existing accounts (the driver keeps its own copy: the kit's arrays are not to be changed). */
  addTransactions(transactions: NeutralTransaction[]): void;
  /** A pending transaction posts: it leaves the pending list and `posted` appears (with replaces = its id). */
  settle(pendingId: string, posted: NeutralTransaction): void;
  /** Changes the label or amount of a given transaction (capability `changes`). */
  modify?(id: string, change: { label?: string; amount?: number }): void;
  /** The bank withdraws a given transaction (capability `changes`). */
  remove?(id: string): void;
  /** Largest page the fake serves from now on. */
  setPageSize(size: number): void;
  /** The next transaction listing fails as planned, once. */
  failOnce(plan: FaultPlan): void;
  /** Access tokens stop working after this many transaction pages (capability `tokenExpiry`). */
  expireTokensAfterPages?(pages: number): void;
  /**
   * The admin's browser at the consent URL that startConnect gave: follows the fake's consent
   * page (accepting) up to the redirect to our callback, and returns that redirect's query.
   */
  consent(url: string): Promise<Record<string, string>>;
  /** The provider's account id of a neutral account (after setBank). */
  providerAccountId(ref: string): string;
  /** The provider's transaction id of a neutral transaction. */
  providerTransactionId(id: string): string;
}
