import { z } from 'zod';

/**
 * What Ponto Connect answers, as its API documents it (reference §1.2–§1.7): one schema per
 * document the client reads, and the types derived from them. Unknown keys pass through:
 * Ponto adds attributes without notice.
 */

const text = z.string().nullish();

/** POST /oauth2/token (§1.2). `expires_in` is RECOMMENDED only in OAuth 2. */
export const tokenAnswerSchema = z
  .object({
    access_token: z.string().min(1),
    expires_in: z.number().nonnegative().optional(),
    refresh_token: z.string().min(1).optional(),
    scope: z.string().optional(),
    token_type: z.string().optional(),
  })
  .passthrough();
export type TokenAnswer = z.output<typeof tokenAnswerSchema>;

/** One error of a JSON:API error document or of a failed synchronization (§1.6). */
const apiErrorSchema = z
  .object({ code: z.string().optional(), detail: z.string().optional(), meta: z.record(z.unknown()).optional() })
  .passthrough();

/** A 4xx/5xx body: JSON:API `errors`, or OAuth 2's `error` / `error_description`. */
export const errorDocumentSchema = z
  .object({ errors: z.array(apiErrorSchema).optional(), error: z.string().optional(), error_description: z.string().optional() })
  .passthrough();

/** The JSON:API list envelope (§1.5): `data`, `links` to follow, `meta.paging`. */
export function listSchema<T extends z.ZodTypeAny>(item: T) {
  return z
    .object({
      data: z.array(item),
      links: z.object({ first: text, next: text, prev: text }).passthrough().optional(),
      meta: z
        .object({
          paging: z.object({ limit: z.number().optional(), before: text, after: text }).passthrough().optional(),
        })
        .passthrough()
        .optional(),
    })
    .passthrough();
}

/** A single resource document: `{ data: … }`. */
export function documentSchema<T extends z.ZodTypeAny>(resource: T) {
  return z.object({ data: resource }).passthrough();
}

/** Account (§1.4). */
export const accountSchema = z
  .object({
    type: z.literal('account'),
    id: z.string().min(1),
    attributes: z
      .object({
        reference: text,
        referenceType: text,
        description: text,
        product: text,
        holderName: text,
        currency: z.string(),
        currentBalance: z.number().nullish(),
        currentBalanceChangedAt: text,
        currentBalanceReferenceDate: text,
        availableBalance: z.number().nullish(),
        authorizedAt: text,
        authorizationExpirationExpectedAt: text,
        deprecated: z.boolean().nullish(),
      })
      .passthrough(),
  })
  .passthrough();
export type PontoAccount = z.output<typeof accountSchema>;

/** Attributes shared by settled and pending transactions (§1.4). */
const transactionAttributes = z
  .object({
    valueDate: text,
    executionDate: text,
    amount: z.number(),
    currency: z.string(),
    counterpartName: text,
    counterpartReference: text,
    remittanceInformation: text,
    remittanceInformationType: text,
    description: text,
    bankTransactionCode: text,
    endToEndId: text,
    internalReference: text,
    digest: text,
    createdAt: text,
    updatedAt: text,
  })
  .passthrough();

/** A settled transaction: `/accounts/{id}/transactions`. */
export const transactionSchema = z
  .object({ type: z.literal('transaction'), id: z.string().min(1), attributes: transactionAttributes })
  .passthrough();

/** An unsettled one: `/accounts/{id}/pending-transactions`. */
export const pendingTransactionSchema = z
  .object({ type: z.literal('pendingTransaction'), id: z.string().min(1), attributes: transactionAttributes })
  .passthrough();

export type PontoTransaction = z.output<typeof transactionSchema> | z.output<typeof pendingTransactionSchema>;

/**
 * A transaction listing: the envelope is checked as a whole, each record on its own (one
 * record of another shape is an invalid record, not a failed page).
 */
export const transactionListSchema = listSchema(z.unknown());

/** Synchronization (§1.4). `status` moves pending → running → success | error. */
export const synchronizationSchema = z
  .object({
    type: z.literal('synchronization'),
    id: z.string().min(1),
    attributes: z
      .object({
        resourceType: text,
        resourceId: text,
        subtype: text,
        status: z.string(),
        errors: z.array(apiErrorSchema).nullish(),
        createdAt: text,
        updatedAt: text,
      })
      .passthrough(),
  })
  .passthrough();
export type PontoSynchronization = z.output<typeof synchronizationSchema>;

/** Financial institution (§1.4). */
export const financialInstitutionSchema = z
  .object({
    type: z.literal('financialInstitution'),
    id: z.string().min(1),
    attributes: z
      .object({
        name: z.string(),
        country: text,
        status: text,
        deprecated: z.boolean().nullish(),
        bic: text,
        logoUrl: text,
        timeZone: text,
      })
      .passthrough(),
  })
  .passthrough();
export type PontoFinancialInstitution = z.output<typeof financialInstitutionSchema>;

/** POST /accounts/{id}/reauthorization-requests (§1.8): where to send the user. */
export const reauthorizationRequestSchema = z
  .object({
    type: z.literal('reauthorizationRequest'),
    id: z.string().min(1),
    links: z.object({ redirect: z.string().url() }).passthrough(),
  })
  .passthrough();

/** A webhook body (§1.7): the event type and the account it concerns. */
export const webhookEventSchema = z
  .object({
    data: z
      .object({
        type: z.string().min(1),
        relationships: z
          .object({
            account: z
              .object({ data: z.object({ id: z.string().min(1) }).passthrough() })
              .passthrough()
              .optional(),
          })
          .passthrough()
          .optional(),
      })
      .passthrough(),
  })
  .passthrough();

/** The claims of a webhook's `Signature` JWT that the plugin reads beyond the standard ones. */
export const webhookClaimsSchema = z.object({ digest: z.string().min(1) }).passthrough();
