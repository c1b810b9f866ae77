import { z } from 'zod';

/**
 * What Salt Edge answers, as its API documents it (reference §3.3–§3.5): one schema per
 * document the client reads, and the types derived from them. Unknown keys pass through:
 * Salt Edge adds fields without notice. Ids are strings (64-bit numbers in text); a number
 * is taken as its text.
 */

const text = z.string().nullish();
const id = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
const optionalId = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v == null || v === '' ? null : String(v)));

/** `{ "error": { "class", "message" } }` (v5, v6), or the older top-level `error_class` / `error_message`. */
export const errorDocumentSchema = z
  .object({
    error: z
      .object({ class: z.string().optional(), message: z.string().optional(), documentation_url: z.string().optional() })
      .passthrough()
      .optional(),
    error_class: z.string().optional(),
    error_message: z.string().optional(),
    next_refresh_possible_at: text,
  })
  .passthrough();

/** `{ data: … }`. */
export function documentSchema<T extends z.ZodTypeAny>(resource: T) {
  return z.object({ data: resource }).passthrough();
}

/** A list: `data` and `meta.next_id` / `meta.next_page` (null on the last page) (§3.4). */
export function listSchema<T extends z.ZodTypeAny>(item: T) {
  return z
    .object({
      data: z.array(item),
      meta: z.object({ next_id: optionalId, next_page: text }).passthrough().nullish(),
    })
    .passthrough();
}

/** A customer (v5 `id`, v6 `customer_id` in some examples: both taken). */
export const customerSchema = z
  .object({ id: optionalId, customer_id: optionalId, identifier: text, secret: text })
  .passthrough()
  .refine((c) => Boolean(c.customer_id ?? c.id), { message: 'a customer needs an id' })
  .transform((c) => ({ ...c, customerId: (c.customer_id ?? c.id)! }));

/** POST /connect_sessions/* (v5), /connections/connect|reconnect (v6): where to send the user. */
export const connectSessionSchema = z.object({ connect_url: z.string().url(), expires_at: text }).passthrough();

/** A connection (§3.3). */
export const connectionSchema = z
  .object({
    id,
    customer_id: optionalId,
    provider_code: text,
    provider_name: text,
    country_code: text,
    status: text,
    last_consent_id: optionalId,
    next_refresh_possible_at: text,
    last_success_at: text,
    created_at: text,
    updated_at: text,
    last_attempt: z
      .object({
        id: optionalId,
        finished: z.boolean().nullish(),
        success_at: text,
        fail_at: text,
        fail_error_class: text,
        fail_message: text,
        consent_id: optionalId,
      })
      .passthrough()
      .nullish(),
  })
  .passthrough();
export type SaltEdgeConnection = z.output<typeof connectionSchema>;

/** A consent (§3.3). */
export const consentSchema = z
  .object({
    id,
    connection_id: optionalId,
    status: text,
    scopes: z.array(z.string()).nullish(),
    from_date: text,
    to_date: text,
    period_days: z.number().nullish(),
    expires_at: text,
    revoked_at: text,
    created_at: text,
  })
  .passthrough();
export type SaltEdgeConsent = z.output<typeof consentSchema>;

/** An account (§3.3). */
export const accountSchema = z
  .object({
    id,
    connection_id: optionalId,
    name: text,
    nature: text,
    balance: z.number().nullish(),
    currency_code: z.string(),
    updated_at: text,
    extra: z.object({ iban: text, account_number: text, account_name: text, sort_code: text, status: text }).passthrough().nullish(),
  })
  .passthrough();
export type SaltEdgeAccount = z.output<typeof accountSchema>;

/** A transaction (§3.3). */
export const transactionSchema = z
  .object({
    id,
    account_id: optionalId,
    duplicated: z.boolean().nullish(),
    mode: text,
    status: text,
    made_on: z.string(),
    amount: z.number(),
    currency_code: z.string(),
    description: text,
    category: text,
    extra: z
      .object({
        payee: text,
        payer: text,
        account_number: text,
        additional: text,
        information: text,
        posting_date: text,
      })
      .passthrough()
      .nullish(),
    created_at: text,
    updated_at: text,
  })
  .passthrough();
export type SaltEdgeTransaction = z.output<typeof transactionSchema>;

/**
 * A transaction listing: the envelope is checked as a whole, each record on its own (one
 * record of another shape is an invalid record, not a failed page).
 */
export const transactionListSchema = listSchema(z.unknown());

/** A provider, i.e. an institution (GET /providers). */
export const institutionSchema = z
  .object({
    id: optionalId,
    code: z.string().min(1),
    name: z.string(),
    country_code: text,
    status: text,
    mode: text,
    logo_url: text,
  })
  .passthrough();
export type SaltEdgeInstitution = z.output<typeof institutionSchema>;

/** A callback body (success, fail, notify, destroy): the connection it concerns (§3.2). */
export const callbackSchema = z
  .object({
    data: z
      .object({
        connection_id: optionalId,
        customer_id: optionalId,
        stage: text,
        error_class: text,
        error_message: text,
      })
      .passthrough(),
    meta: z.object({ version: text, time: text }).passthrough().nullish(),
  })
  .passthrough();
