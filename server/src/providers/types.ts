/**
 * The contract between the sync engine and a provider module. Providers import nothing
 * from Strapi: they get what they need in a ProviderContext and speak in normalized
 * records. The engine alone knows journals, statements, periods and deduplication.
 */

/** How the engine reacts to a failure. */
export type { ErrorClass } from '../../../shared/contracts/sync';
import type { ErrorClass } from '../../../shared/contracts/sync';

export interface ClassifiedError {
  class: ErrorClass;
  /** Short machine code, e.g. 'rate_limited', 'authorization_expired'. */
  code: string;
  /** A message for the admin: what happened and what to do. */
  message: string;
  /** For `backoff`: no new attempt before this time. */
  until?: Date;
  /** Provider-side request id, kept for support. */
  providerReference?: string;
}

/** An error a provider throws on purpose, already classified. */
export class ProviderError extends Error {
  constructor(readonly info: ClassifiedError) {
    super(info.message);
    this.name = 'ProviderError';
  }
}

/**
 * A failure of the engine itself (the database), never of the provider. Its message never
 * carries the driver's text (which quotes the statement and its values: encrypted
 * credentials, say): `original` goes to the log, by its code only.
 */
export class ImportFailure extends Error {
  constructor(
    readonly original: unknown,
    what = 'Writing the import to the database failed',
  ) {
    super(what);
    this.name = 'ImportFailure';
  }
}

export interface ProviderCapabilities {
  /** Can ask the bank for fresh data before reading (Ponto synchronizations). */
  refresh: boolean;
  /** Reports pending transactions. */
  pending: boolean;
  /** Sends webhooks. */
  webhooks: boolean;
  /** Can give a link to renew consent. */
  reauthorization: boolean;
}

/**
 * A value an admin types in Update Credentials (the admin words the usual keys, `clientId`,
 * `clientSecret`, `token`, `apiKey`, in its language, and shows `label` for the others).
 */
export interface CredentialField {
  /** Its key in the connection's credentials. */
  key: string;
  /** English label, for a key the admin has no words for. */
  label: string;
  /** Masked while typed, never shown back (every credential is stored encrypted anyway). */
  secret: boolean;
}

export interface Institution {
  id: string;
  name: string;
  country: string | null;
  beta?: boolean;
  deprecated?: boolean;
  status?: string;
  /** The institution's logo, when the provider gives one (an https URL). */
  logoUrl?: string | null;
}

export interface ProviderAccount {
  providerAccountId: string;
  name: string | null;
  accountNumber: string | null;
  currency: string;
  /** Minor units of `currency`, when the provider reports a balance. */
  balance: bigint | null;
  balanceDate: Date | null;
  /** When the consent for this account ends, if the provider says. */
  consentExpiresAt?: Date | null;
}

/** A bank transaction as every provider must deliver it. */
export interface NormalizedTransaction {
  providerTransactionId: string;
  /** 'YYYY-MM-DD' (already a bank date) or an ISO instant (converted in the journal's time zone). */
  bookingDate: string;
  valueDate: string | null;
  /** Exact minor units; positive = money in. */
  amount: bigint;
  currency: string;
  label: string | null;
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  status: 'posted' | 'pending';
  raw: unknown;
}

export interface InvalidRecord {
  reason: string;
  raw: unknown;
}

/** A transaction the provider withdrew after giving it (Plaid's `removed`). */
export interface RemovedTransaction {
  providerTransactionId: string;
  /** Why, in the admin's words when the provider says (kept on the reversing line). */
  reason?: string;
}

export interface TransactionPage {
  transactions: NormalizedTransaction[];
  invalid: InvalidRecord[];
  /**
   * Transactions the provider changed after giving them (Plaid's `modified`). On an imported
   * line a new label, counterparty or value date is written in place; a new amount is never
   * written silently: the engine adds a correction line for the difference. One not imported
   * yet is imported as new.
   */
  modified?: NormalizedTransaction[];
  /**
   * Transactions the provider withdrew (Plaid's `removed`). An imported line is never deleted
   * from its statement: the engine adds a reversing line, with the reason, and flags the line.
   * Ids never imported (a pending transaction that posted) are ignored.
   */
  removed?: RemovedTransaction[];
  /** Opaque position after this page: resuming from it continues with the next page. */
  cursor: unknown;
}

export interface FetchTransactionsInput {
  providerAccountId: string;
  currency: string;
  /** Read transactions booked on or after this date ('YYYY-MM-DD'). */
  since: string;
  /** Position saved after the last committed page of an interrupted run, if any. */
  resume: unknown;
  /** Cursor of the last page of the last complete run (e.g. the newest id seen), if any. */
  previous: unknown;
  /** The account as fetchAccounts gave it in this run (its consent end, say), when the engine has it: no need to ask again. */
  account?: ProviderAccount;
}

export interface ConnectionCredentials {
  [key: string]: unknown;
}

export interface ProviderContext {
  /** This provider's part of the plugin config (`providers.<id>`). */
  config: Record<string, unknown>;
  /** Decrypted credentials of the connection (never log them). */
  credentials: ConnectionCredentials | null;
  /** Provider-specific, non-secret data of the connection. */
  providerData: Record<string, unknown>;
  /** Persist rotated credentials (e.g. a refreshed token) at once, encrypted. */
  saveCredentials(credentials: ConnectionCredentials): Promise<void>;
  /** Persist provider data (non-secret). */
  saveProviderData(data: Record<string, unknown>): Promise<void>;
  log: { info(message: string): void; warn(message: string): void; debug(message: string): void };
  /**
   * A provider asked to slow down until `until` (a 429 with Retry-After, say). When the wait
   * is short (at most the engine's `sync.maxRetryWaitSeconds`), waits it out and resolves
   * true: repeat the call within the run. Otherwise resolves false at once: throw, classified
   * `backoff`, and the connection waits until then.
   */
  waitForRetry(until: Date): Promise<boolean>;
}

export interface StartConnectInput {
  institutionId: string;
  redirectUri: string;
  state: string;
}

export interface CompleteConnectInput {
  params: Record<string, string>;
  redirectUri: string;
}

/**
 * A refresh the provider may not do now (Salt Edge's `next_refresh_possible_at`, a daily
 * limit, a refresh still running at Yodlee): not a failure. The run reads what the provider
 * already has, and the admin sees when the next refresh is allowed.
 */
export interface RefreshDeferred {
  /** When a refresh is allowed again, when the provider says. */
  until: Date | null;
  /** Machine code, e.g. 'saltedge_refresh_not_allowed_yet'. */
  code: string;
  /** For the admin and the run log. */
  message: string;
}

/** A verified webhook: what the engine should do for which account. */
export interface WebhookEvent {
  event: string;
  providerAccountId?: string;
  /** The connection, by the provider's own id of it (completeConnect's externalId), when the event names no account. */
  externalId?: string;
  /** `sync`: new data, run the connection; `reauthorized`: consent renewed; `ignore`. */
  action: 'sync' | 'reauthorized' | 'ignore';
}

export interface BankProvider {
  id: string;
  displayName: string;
  capabilities: ProviderCapabilities;
  /** What Update Credentials asks for (all of them, checked by checkCredentials); none: credentials come from the consent only. */
  credentialFields?: CredentialField[];
  searchInstitutions(ctx: ProviderContext, query: { search?: string; country?: string }): Promise<Institution[]>;
  /** One institution by id (name and country for a connection started with the id only). */
  findInstitution?(ctx: ProviderContext, id: string): Promise<Institution | null>;
  /**
   * Where to send the admin to give consent. `credentials` (e.g. a PKCE verifier) are kept
   * encrypted with the connection until completeConnect.
   */
  startConnect(
    ctx: ProviderContext,
    input: StartConnectInput,
  ): Promise<{ url: string; providerData?: Record<string, unknown>; credentials?: ConnectionCredentials }>;
  /** Callback parameters -> credentials to store (encrypted). */
  completeConnect(
    ctx: ProviderContext,
    input: CompleteConnectInput,
  ): Promise<{
    credentials: ConnectionCredentials;
    providerData?: Record<string, unknown>;
    consentExpiresAt?: Date | null;
    /** The provider's own id of this connection (Plaid's item_id, Salt Edge's connection id): webhooks name it. */
    externalId?: string;
  }>;
  fetchAccounts(ctx: ProviderContext): Promise<ProviderAccount[]>;
  /**
   * Pages of transactions; any order; the engine commits each page before asking the next.
   * Within one call a transaction is given once: a provider that reads a window twice (new
   * transactions, then an overlap that catches late postings) leaves out what it already gave,
   * so a run counts each transaction once. After an interrupted run `resume` is the cursor of
   * the last committed page: go on from there, spending no request already made.
   */
  fetchTransactions(ctx: ProviderContext, input: FetchTransactionsInput): AsyncIterable<TransactionPage>;
  /** Checks new credentials with the provider (Update Credentials) before they are saved. */
  checkCredentials?(ctx: ProviderContext, credentials: ConnectionCredentials): Promise<ConnectionCredentials>;
  /**
   * Disconnect: ends the connection at the provider too (Plaid's /item/remove), so it stops
   * reading the bank and billing for it. Called with the connection's credentials before they
   * are erased; a failure is reported to the admin and the connection is disconnected here
   * all the same.
   */
  disconnect?(ctx: ProviderContext): Promise<void>;
  /** Asks the bank for fresh data before reading (called before fetchTransactions). */
  requestRefresh?(ctx: ProviderContext, input: { providerAccountId: string }): Promise<void | RefreshDeferred>;
  /** A link where the admin renews the bank consent of an account. */
  reauthorizationUrl?(ctx: ProviderContext, input: { redirectUri: string; state: string; providerAccountId?: string }): Promise<string>;
  verifyWebhook?(
    ctx: { config: Record<string, unknown>; log: ProviderContext['log'] },
    request: { headers: Record<string, string | string[] | undefined>; body: unknown; rawBody?: string },
  ): Promise<WebhookEvent | null>;
  /** Any error thrown by this provider -> its class. */
  classifyError(error: unknown): ClassifiedError;
  /**
   * Checks this provider's part of the plugin config (`providers.<id>`) at start; returns
   * one message per problem, as `key: problem`. Strapi does not start while any remain.
   */
  validateConfig?(config: Record<string, unknown>): string[];
}
