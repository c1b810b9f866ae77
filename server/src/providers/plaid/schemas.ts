import { z } from 'zod';

/**
 * What Plaid answers, as its API documents it (reference §2, OpenAPI 2020-09-14): one schema per
 * answer the client reads, and the types derived from them. Unknown keys pass through: Plaid
 * adds fields without notice.
 */

const text = z.string().nullish();

/** PlaidError (§2.5): the body of every 4xx/5xx. */
export const plaidErrorSchema = z
  .object({
    error_type: z.string(),
    error_code: z.string(),
    error_code_reason: text,
    error_message: text,
    display_message: text,
    request_id: text,
  })
  .passthrough();

/** POST /link/token/create (§2.2); `hosted_link_url` when Hosted Link was asked. */
export const linkTokenCreateSchema = z
  .object({ link_token: z.string().min(1), expiration: text, hosted_link_url: z.string().url().optional(), request_id: text })
  .passthrough();

const itemAddResultSchema = z
  .object({
    public_token: z.string().min(1),
    institution: z.object({ institution_id: text, name: text }).passthrough().nullish(),
  })
  .passthrough();

/** POST /link/token/get: the Link sessions of a token and what each gave. */
export const linkTokenGetSchema = z
  .object({
    link_token: z.string(),
    link_sessions: z
      .array(
        z
          .object({
            link_session_id: z.string(),
            finished_at: text,
            exit: z
              .object({ error: plaidErrorSchema.nullish(), metadata: z.object({ status: text }).passthrough().nullish() })
              .passthrough()
              .nullish(),
            results: z
              .object({ item_add_results: z.array(itemAddResultSchema).nullish() })
              .passthrough()
              .nullish(),
            on_success: z
              .object({ public_token: z.string().min(1) })
              .passthrough()
              .nullish(),
          })
          .passthrough(),
      )
      .nullish(),
  })
  .passthrough();
export type PlaidLinkSession = NonNullable<z.output<typeof linkTokenGetSchema>['link_sessions']>[number];

/** POST /item/public_token/exchange. */
export const exchangeSchema = z.object({ access_token: z.string().min(1), item_id: z.string().min(1), request_id: text }).passthrough();

/** Item (§2.3). */
export const itemSchema = z
  .object({
    item_id: z.string().min(1),
    institution_id: text,
    institution_name: text,
    webhook: text,
    error: plaidErrorSchema.nullish(),
    consent_expiration_time: text,
    update_type: text,
  })
  .passthrough();
export type PlaidItem = z.output<typeof itemSchema>;

/** POST /item/get. */
export const itemGetSchema = z.object({ item: itemSchema, request_id: text }).passthrough();

/** AccountBase (§2.3). */
export const accountSchema = z
  .object({
    account_id: z.string().min(1),
    balances: z
      .object({
        available: z.number().nullish(),
        current: z.number().nullish(),
        limit: z.number().nullish(),
        iso_currency_code: text,
        unofficial_currency_code: text,
        last_updated_datetime: text,
      })
      .passthrough(),
    mask: text,
    name: z.string(),
    official_name: text,
    type: z.string(),
    subtype: text,
    persistent_account_id: text,
  })
  .passthrough();
export type PlaidAccount = z.output<typeof accountSchema>;

/** POST /accounts/get. */
export const accountsGetSchema = z.object({ accounts: z.array(accountSchema), item: itemSchema, request_id: text }).passthrough();

/** Transaction (TransactionBase's required fields and those the mapper reads, §2.3). */
export const transactionSchema = z
  .object({
    transaction_id: z.string().min(1),
    account_id: z.string().min(1),
    amount: z.number(),
    iso_currency_code: text,
    unofficial_currency_code: text,
    date: z.string(),
    authorized_date: text,
    datetime: text,
    name: text,
    merchant_name: text,
    original_description: text,
    pending: z.boolean(),
    pending_transaction_id: text,
    counterparties: z.array(z.object({ name: z.string(), type: text }).passthrough()).nullish(),
    payment_meta: z.object({ payee: text, payer: text, reference_number: text }).passthrough().nullish(),
  })
  .passthrough();
export type PlaidTransaction = z.output<typeof transactionSchema>;

/**
 * POST /transactions/sync (§2.4). The envelope is checked as a whole, each transaction on its
 * own (one of another shape is an invalid record, not a failed page).
 */
export const transactionsSyncSchema = z
  .object({
    added: z.array(z.unknown()),
    modified: z.array(z.unknown()),
    removed: z.array(z.object({ transaction_id: z.string().min(1), account_id: text }).passthrough()),
    next_cursor: z.string(),
    has_more: z.boolean(),
    transactions_update_status: text,
    request_id: text,
  })
  .passthrough();

/** POST /transactions/refresh and /item/remove: only the request id. */
export const requestIdSchema = z.object({ request_id: text }).passthrough();

/** Institution (/institutions/search, /institutions/get_by_id). */
export const institutionSchema = z
  .object({
    institution_id: z.string().min(1),
    name: z.string(),
    country_codes: z.array(z.string()),
    products: z.array(z.string()).nullish(),
    oauth: z.boolean().nullish(),
    url: text,
    logo: text,
  })
  .passthrough();
export type PlaidInstitution = z.output<typeof institutionSchema>;

export const institutionsSearchSchema = z.object({ institutions: z.array(institutionSchema), request_id: text }).passthrough();
export const institutionGetSchema = z.object({ institution: institutionSchema, request_id: text }).passthrough();

/** POST /webhook_verification_key/get: the EC key (JWK) that signed a webhook. */
export const verificationKeySchema = z
  .object({
    key: z
      .object({
        alg: z.string(),
        crv: z.string(),
        kid: z.string(),
        kty: z.string(),
        use: text,
        x: z.string(),
        y: z.string(),
        created_at: z.number().nullish(),
        expired_at: z.number().nullish(),
      })
      .passthrough(),
    request_id: text,
  })
  .passthrough();

/** The claims of the `Plaid-Verification` JWT. */
export const webhookClaimsSchema = z.object({ iat: z.number(), request_body_sha256: z.string().min(1) }).passthrough();

/** A webhook body (§2.6). */
export const webhookBodySchema = z
  .object({ webhook_type: z.string().min(1), webhook_code: z.string().min(1), item_id: text, account_id: text })
  .passthrough();
