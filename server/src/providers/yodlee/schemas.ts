import { z } from 'zod';

/**
 * What the Yodlee API v1.1 answers (reference §4.1–§4.4): one schema per document the client
 * reads, and the types derived from them. Unknown keys pass through: Yodlee adds fields
 * without notice. Ids are integers at Yodlee; strings are taken too.
 */

const text = z.string().nullish();
const id = z.union([z.number().int().nonnegative(), z.string().min(1)]).transform(String);

/** `Money`: an amount and its currency. */
export const moneySchema = z.object({ amount: z.number(), currency: z.string().min(1) }).passthrough();

/** POST /auth/token. */
export const tokenAnswerSchema = z
  .object({
    token: z.object({ accessToken: z.string().min(1), issuedAt: text, expiresIn: z.number().nonnegative().nullish() }).passthrough(),
  })
  .passthrough();
export type TokenAnswer = z.output<typeof tokenAnswerSchema>;

/** A 4xx/5xx body: `{ errorCode, errorMessage, referenceCode }`. */
export const errorBodySchema = z
  .object({ errorCode: z.string().optional(), errorMessage: z.string().optional(), referenceCode: z.string().optional() })
  .passthrough();

/** One dataset of an account or provider account (§4.2). */
export const datasetSchema = z
  .object({
    name: text,
    additionalStatus: text,
    updateEligibility: text,
    lastUpdated: text,
    lastUpdateAttempt: text,
    nextUpdateScheduled: text,
  })
  .passthrough();
export type YodleeDataset = z.output<typeof datasetSchema>;

/** Account (§4.2). An empty list may come as `{}`. */
export const accountSchema = z
  .object({
    id,
    CONTAINER: z.string().min(1),
    providerAccountId: id.nullish(),
    providerId: text,
    providerName: text,
    accountName: text,
    accountNumber: text,
    accountType: text,
    accountStatus: text,
    balance: moneySchema.nullish(),
    currentBalance: moneySchema.nullish(),
    availableBalance: moneySchema.nullish(),
    isAsset: z.boolean().nullish(),
    isManual: z.boolean().nullish(),
    lastUpdated: text,
    dataset: z.array(datasetSchema).nullish(),
  })
  .passthrough();
export type YodleeAccount = z.output<typeof accountSchema>;
export const accountListSchema = z.object({ account: z.array(accountSchema).optional() }).passthrough();

/** ProviderAccount: the link to one institution, its status and datasets (§4.2). */
export const providerAccountSchema = z
  .object({
    id,
    providerId: id.nullish(),
    status: z.string().min(1),
    dataset: z.array(datasetSchema).nullish(),
    consentId: id.nullish(),
    requestId: text,
    lastUpdated: text,
    createdDate: text,
  })
  .passthrough();
export type YodleeProviderAccount = z.output<typeof providerAccountSchema>;
export const providerAccountListSchema = z.object({ providerAccount: z.array(providerAccountSchema).optional() }).passthrough();

/** Transaction (§4.2). */
export const transactionSchema = z
  .object({
    id,
    CONTAINER: z.string().min(1),
    accountId: id.nullish(),
    amount: moneySchema,
    baseType: z.enum(['CREDIT', 'DEBIT']),
    status: z.string().min(1),
    date: text,
    transactionDate: text,
    postDate: text,
    description: z.object({ original: text, simple: text, consumer: text }).passthrough().nullish(),
    merchant: z.object({ id: text, name: text }).passthrough().nullish(),
    checkNumber: text,
    memo: text,
  })
  .passthrough();
export type YodleeTransaction = z.output<typeof transactionSchema>;

/**
 * A transaction listing: the envelope is checked as a whole, each record on its own (one record
 * of another shape is an invalid record, not a failed page). An empty list may come as `{}`.
 */
export const transactionListSchema = z.object({ transaction: z.array(z.unknown()).optional() }).passthrough();

/** Provider (institution) of GET /providers (§4.2). */
export const providerSchema = z
  .object({
    id,
    name: z.string().min(1),
    countryISOCode: text,
    status: text,
    logo: text,
    favicon: text,
  })
  .passthrough();
export type YodleeProvider = z.output<typeof providerSchema>;
export const providerListSchema = z.object({ provider: z.array(providerSchema).optional() }).passthrough();
