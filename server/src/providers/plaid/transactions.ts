import type { z } from 'zod';
import type {
  FetchTransactionsInput,
  InvalidRecord,
  NormalizedTransaction,
  ProviderContext,
  RemovedTransaction,
  TransactionPage,
} from '../types';
import { partition } from '../validate';
import { zodProblems } from '../zod-problems';
import { PlaidClient } from './client';
import { readPlaidConfig } from './config';
import { PlaidHttpError } from './errors';
import { mapPlaidTransaction } from './mapper';
import { transactionSchema, transactionsSyncSchema, type PlaidTransaction } from './schemas';

/**
 * Where an account's /transactions/sync stream stands (§2.4): the cursor to go on from, the
 * cursor its pagination loop began with (where a loop restarts when Plaid's data changed
 * under it), the first day asked when the stream was read from the beginning, and the Item
 * the cursors belong to.
 */
export interface PlaidCursor {
  next: string;
  start: string;
  origin: string | null;
  item?: string | null;
}

/** Restarts of a loop whose data changed during pagination, before the run fails (class retry). */
const MUTATION_RESTARTS = 3;
const REMOVED_REASON = 'Withdrawn by the bank (Plaid removed this transaction)';

type Parsed = { mapped: Partial<NormalizedTransaction>; raw: unknown; reason?: string; record: PlaidTransaction | null };

function parse(raw: unknown): Parsed {
  const parsed = transactionSchema.safeParse(raw);
  if (parsed.success) {
    const t = parsed.data;
    if (!t.iso_currency_code && !t.unofficial_currency_code)
      return { mapped: {}, raw, record: t, reason: 'no currency (neither iso_currency_code nor unofficial_currency_code)' };
    return { mapped: mapPlaidTransaction(t), raw, record: t };
  }
  return { mapped: {}, raw, record: null, reason: `not a Plaid transaction: ${zodProblems(parsed).slice(0, 2).join('; ')}` };
}

/**
 * Where this call begins: an interrupted loop's position, the last run's end, or the beginning
 * (first read, a re-read from before what was ever read, or a new Item after Reconnect: the
 * cursors of another Item mean nothing).
 */
export function startingPoint(input: Pick<FetchTransactionsInput, 'since' | 'resume' | 'previous'>, item: string | null): PlaidCursor {
  const sameItem = (c: PlaidCursor) => !item || !c.item || c.item === item;
  const resume = input.resume as PlaidCursor | null;
  if (resume && typeof resume.next === 'string' && sameItem(resume)) return { ...resume, item };
  const previous = input.previous as PlaidCursor | null;
  if (previous && typeof previous.next === 'string' && sameItem(previous) && !(previous.origin && input.since < previous.origin)) {
    return { next: previous.next, start: previous.next, origin: previous.origin, item };
  }
  return { next: '', start: '', origin: input.since, item };
}

/**
 * An account's transactions through /transactions/sync with `options.account_id` (its own
 * cursor stream, §2.4): `added` as transactions, `modified` and `removed` as changes, each page
 * yielded with the cursor after it. Read from the beginning, what is older than `since` is
 * left out (Plaid gives all the history Link asked for). When Plaid's data changes during
 * pagination the loop restarts from its first cursor; what this call already gave is not given
 * again.
 */
export async function* fetchPlaidTransactions(
  ctx: ProviderContext,
  { providerAccountId, since, resume, previous }: FetchTransactionsInput,
): AsyncGenerator<TransactionPage> {
  const config = readPlaidConfig(ctx.config);
  const client = new PlaidClient(config, ctx);
  const accessToken = client.accessToken();
  const item = typeof ctx.providerData.plaidItemId === 'string' ? ctx.providerData.plaidItemId : null;
  const point = startingPoint({ since, resume, previous }, item);
  const fromBeginning = point.start === '';
  let cursor = point.next;
  let restarts = 0;
  // What this call gave, by id (a modified one by its content): a restarted loop gives each once.
  const given = new Set<string>();
  const givenChanges = new Set<string>();

  for (;;) {
    let page: z.output<typeof transactionsSyncSchema>;
    try {
      page = await client.post(
        '/transactions/sync',
        {
          access_token: accessToken,
          ...(cursor ? { cursor } : {}),
          count: config.pageCount,
          // The history asked is Link's `transactions.days_requested` (set when the Item was made).
          options: { account_id: providerAccountId, include_original_description: true },
        },
        transactionsSyncSchema,
      );
    } catch (error) {
      if (
        error instanceof PlaidHttpError &&
        error.errorCode === 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION' &&
        restarts < MUTATION_RESTARTS
      ) {
        restarts += 1;
        ctx.log.info(`Plaid data changed during pagination: reading again from the loop's first cursor (restart ${restarts})`);
        cursor = point.start;
        continue;
      }
      throw error;
    }

    const ours = (p: Parsed) => !p.record || p.record.account_id === providerAccountId;
    const added = page.added
      .map(parse)
      .filter(ours)
      .filter((p) => !(fromBeginning && p.record && p.record.date < since))
      .filter((p) => {
        const id = p.record?.transaction_id;
        if (!id) return true;
        if (given.has(id)) return false;
        given.add(id);
        return true;
      });
    const modifiedParsed = page.modified
      .map(parse)
      .filter(ours)
      .filter((p) => {
        const key = JSON.stringify(p.raw);
        if (givenChanges.has(key)) return false;
        givenChanges.add(key);
        return true;
      });
    const changed = partition(modifiedParsed);
    const removed: RemovedTransaction[] = page.removed
      .filter((r) => !r.account_id || r.account_id === providerAccountId)
      .filter((r) => !givenChanges.has(`removed:${r.transaction_id}`))
      .map((r) => {
        givenChanges.add(`removed:${r.transaction_id}`);
        return { providerTransactionId: r.transaction_id, reason: REMOVED_REASON };
      });
    const { transactions, invalid } = partition(added);
    const next: PlaidCursor = {
      next: page.next_cursor,
      start: page.has_more ? point.start : page.next_cursor,
      origin: point.origin,
      item,
    };
    const rejected: InvalidRecord[] = [...invalid, ...changed.invalid];
    yield {
      transactions,
      invalid: rejected,
      ...(changed.transactions.length ? { modified: changed.transactions } : {}),
      ...(removed.length ? { removed } : {}),
      cursor: next,
    };
    if (!page.has_more) return;
    cursor = page.next_cursor;
  }
}
