import type { Core } from '@strapi/strapi';
import type { StatementPeriodicity } from '../../../shared/contracts/journals';
import { documentIds } from '../domain/document-id';
import { localDate, periodOf, type LocalDate, type Period } from '../domain/periods';
import { addBigint, bigintParameter, dialectOf, insertedId, type Knex } from '../database/sql';
import type { NormalizedTransaction } from '../providers/types';
import { TABLES } from '../constants';
import { getService } from '../utils/get-service';

export interface ImportJournal {
  id: number;
  code: string;
  currency: string;
  timeZone: string;
  statementPeriodicity: StatementPeriodicity;
}

/** A line the engine adds itself: the correction or reversal of a line the provider changed. */
export interface Adjustment {
  kind: 'correction' | 'reversal';
  /** The provider transaction id of the line adjusted. */
  adjusts: string;
  note: string;
}

export type ImportTransaction = NormalizedTransaction & { adjustment?: Adjustment };

/** New words on an imported line (the provider changed its label, counterparty or value date). */
export interface LineUpdate {
  providerTransactionId: string;
  set: {
    label?: string | null;
    counterpartyName?: string | null;
    counterpartyAccount?: string | null;
    valueDate?: LocalDate | null;
    note?: string;
  };
}

export interface ImportBatch {
  journal: ImportJournal;
  onlineAccountId: number;
  /** The run; with its connection's id, each committed batch of new lines is announced (`bank-sync.lines.imported`). */
  run: { id: number; date: LocalDate; connectionId?: number };
  /** Posted transactions in the journal's currency (and the engine's adjustments). */
  transactions: ImportTransaction[];
  /** Imported lines to reword, in the same database transaction. */
  updates?: LineUpdate[];
  /** Stored on the account in the same transaction, when given. */
  cursor?: unknown;
  /** Statements seen earlier in the same run: saves a lookup per batch. */
  statements?: StatementCache;
  /**
   * Older transactions the journal's anchored opening balance already counts (Find missing
   * transactions, before the first imported line): the lines go in and every statement moves
   * back by their sum, so the balances after them stay the bank's.
   */
  inOpeningBalance?: boolean;
}

export interface ImportResult {
  imported: number;
  duplicates: number;
  /** Latest local booking date of the batch. */
  maxDate: LocalDate | null;
}

export interface StatementRef {
  id: number;
  /** As the database returns it, to compare with in later queries. */
  periodStart: unknown;
  created: boolean;
}

/** Statements already known in a run (filled after each commit, so never a rolled-back id). */
export type StatementCache = Map<string, StatementRef>;

export interface PreparedLine {
  t: ImportTransaction;
  date: LocalDate;
  valueDate: LocalDate | null;
  period: Period;
}

const IN_CHUNK = 500;

/**
 * The fast path into statements. One call = one database transaction that inserts a
 * batch of posted transactions (duplicates skipped by the unique index), creates or
 * extends the statements of their periods, shifts the balances of later statements, and
 * stores the account's cursor. Either all of it commits or none of it does.
 */
const importer = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  /** The ids among `ids` stored for the account (MySQL), only in rows from id `fromId` on when given. */
  async function existingIds(trx: Knex, accountId: number, ids: string[], fromId = 0): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const rows = (await trx(TABLES.lines)
        .select('provider_transaction_id')
        .where('online_account_id', accountId)
        .andWhere('id', '>=', fromId)
        .whereIn('provider_transaction_id', ids.slice(i, i + IN_CHUNK))) as Array<{ provider_transaction_id: string }>;
      for (const row of rows) found.add(row.provider_transaction_id);
    }
    return found;
  }

  /** The statement of a period, created (empty, opening at the previous statement's end) if needed. */
  async function statementFor(trx: Knex, journal: ImportJournal, period: Period, now: Date): Promise<StatementRef> {
    const existing = await trx(TABLES.statements).first('id', 'period_start').where({ journal_id: journal.id, period_key: period.key });
    if (existing) return { id: Number(existing.id), periodStart: existing.period_start, created: false };
    const previous = await trx(TABLES.statements)
      .first('balance_end')
      .where('journal_id', journal.id)
      .andWhere('period_start', '<=', period.start)
      .orderBy([
        { column: 'period_start', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    const next = previous
      ? null
      : await trx(TABLES.statements)
          .first('balance_start')
          .where('journal_id', journal.id)
          .andWhere('period_start', '>=', period.start)
          .orderBy([
            { column: 'period_start', order: 'asc' },
            { column: 'id', order: 'asc' },
          ]);
    // The balance at the start of this period: where the previous statement ends, or where
    // the next one starts when this one becomes the first.
    const opening = String(previous?.balance_end ?? next?.balance_start ?? '0');
    const [documentId] = documentIds(1);
    const row = {
      document_id: documentId,
      name: `${journal.code}/${period.label}`,
      journal_id: journal.id,
      period_key: period.key,
      period_start: period.start,
      period_end: period.end,
      currency: journal.currency,
      balance_start: opening,
      balance_end: opening,
      line_count: 0,
      created_at: now,
      updated_at: now,
      published_at: now,
    };
    // MySQL returns the new id without being asked (and knex warns when asked).
    const table = trx(TABLES.statements);
    const result = dialectOf(trx) === 'mysql' ? await table.insert(row) : await table.insert(row, ['id']);
    return { id: insertedId(result), periodStart: period.start, created: true };
  }

  /**
   * One statement gets `count` more lines moving its balance by `delta`; every later
   * statement of the journal moves by the same amount, so the chain holds. One UPDATE.
   */
  async function extendStatement(trx: Knex, journalId: number, statement: StatementRef, count: number, delta: bigint, now: Date) {
    const target = trx(TABLES.statements);
    if (delta === 0n) {
      await target.where('id', statement.id).update({ line_count: trx.raw('?? + ?', ['line_count', count]), updated_at: now });
      return;
    }
    const amount = bigintParameter(trx);
    await target
      .where('journal_id', journalId)
      .andWhere((q) =>
        q
          .where('id', statement.id)
          .orWhere('period_start', '>', statement.periodStart as string)
          .orWhere((q2) => q2.where('period_start', '=', statement.periodStart as string).andWhere('id', '>', statement.id)),
      )
      .update({
        balance_start: trx.raw(`CASE WHEN ?? = ? THEN ?? ELSE ?? + ${amount} END`, [
          'id',
          statement.id,
          'balance_start',
          'balance_start',
          delta.toString(),
        ]),
        balance_end: addBigint(trx, 'balance_end', delta),
        line_count: trx.raw('CASE WHEN ?? = ? THEN ?? + ? ELSE ?? END', ['id', statement.id, 'line_count', count, 'line_count']),
        updated_at: now,
      });
  }

  return {
    /** Local booking date and statement period of each transaction (in the journal's time zone). */
    prepare(journal: ImportJournal, run: ImportBatch['run'], transactions: ImportTransaction[]): PreparedLine[] {
      // A batch spans a few days: each day's period is worked out once.
      const periods = new Map<LocalDate, Period>();
      return transactions.map((t) => {
        const date = localDate(t.bookingDate, journal.timeZone);
        let period = periods.get(date);
        if (!period) {
          period = periodOf(date, journal.statementPeriodicity, run);
          periods.set(date, period);
        }
        return { t, date, valueDate: t.valueDate ? localDate(t.valueDate, journal.timeZone) : null, period };
      });
    },

    async importBatch(batch: ImportBatch): Promise<ImportResult> {
      const { journal, onlineAccountId } = batch;
      const prepared = this.prepare(journal, batch.run, batch.transactions);
      const maxDate = prepared.reduce<LocalDate | null>((max, l) => (max === null || l.date > max ? l.date : max), null);

      const dialect = dialectOf(knex());
      const created: Array<[string, StatementRef]> = [];
      // New lines, for the bank-sync.lines.imported event: with their ids where the insert
      // returns them (SQLite, PostgreSQL), else their document ids, read back after the commit (MySQL).
      const insertedLines: Array<{ id: number; documentId: string }> = [];
      const insertedDocumentIds: string[] = [];
      const result = await knex().transaction(async (trx) => {
        const now = new Date();
        // Write first: takes the account's row lock (PostgreSQL, MySQL) or SQLite's write
        // lock before any read, so concurrent writers wait instead of failing. The cursor goes
        // in the same write: it commits with the lines or not at all.
        await trx(TABLES.accounts)
          .where('id', onlineAccountId)
          .update(batch.cursor === undefined ? { updated_at: now } : { cursor: JSON.stringify(batch.cursor), updated_at: now });
        // Inside the batch a repeated id is a duplicate at once.
        const unique: PreparedLine[] = [];
        const inBatch = new Set<string>();
        for (const line of prepared) {
          if (inBatch.has(line.t.providerTransactionId)) continue;
          inBatch.add(line.t.providerTransactionId);
          unique.push(line);
        }
        const returning = dialect !== 'mysql';

        // Group by period, oldest first, so statements are created in order.
        const groups = new Map<string, PreparedLine[]>();
        for (const line of unique) {
          const group = groups.get(line.period.key);
          if (group) group.push(line);
          else groups.set(line.period.key, [line]);
        }
        const ordered = [...groups.values()].sort((a, b) => (a[0]!.period.start < b[0]!.period.start ? -1 : 1));

        let imported = 0;
        let total = 0n;
        for (const group of ordered) {
          const period = group[0]!.period;
          const cached = batch.statements?.get(period.key);
          const statement = cached ?? (await statementFor(trx, journal, period, now));
          if (!cached) created.push([period.key, { ...statement, created: false }]);
          const ids = documentIds(group.length);
          const adjusting = group.some((line) => line.t.adjustment);
          const rows = group.map((line, i) => ({
            ...(adjusting
              ? {
                  kind: line.t.adjustment?.kind ?? null,
                  adjusts: line.t.adjustment?.adjusts ?? null,
                  note: line.t.adjustment?.note ?? null,
                }
              : {}),
            document_id: ids[i],
            statement_id: statement.id,
            journal_id: journal.id,
            online_account_id: onlineAccountId,
            booking_date: line.date,
            value_date: line.valueDate,
            amount: line.t.amount.toString(),
            currency: line.t.currency,
            label: line.t.label,
            counterparty_name: line.t.counterpartyName?.slice(0, 255) ?? null,
            counterparty_account: line.t.counterpartyAccount?.slice(0, 64) ?? null,
            provider_transaction_id: line.t.providerTransactionId,
            raw_payload: JSON.stringify(line.t.raw ?? null),
            created_at: now,
            updated_at: now,
            published_at: now,
          }));
          const insert = trx(TABLES.lines).insert(rows).onConflict(['online_account_id', 'provider_transaction_id']).ignore();
          let lines = group;
          if (returning) {
            // The database says which rows it inserted; the others were already stored.
            const inserted = (await insert.returning(['id', 'document_id', 'provider_transaction_id'])) as Array<{
              id: number | string;
              document_id: string;
              provider_transaction_id: string;
            }>;
            for (const row of inserted) insertedLines.push({ id: Number(row.id), documentId: row.document_id });
            if (inserted.length !== group.length) {
              const fresh = new Set(inserted.map((r) => r.provider_transaction_id));
              lines = group.filter((line) => fresh.has(line.t.providerTransactionId));
            }
          } else {
            // MySQL has no INSERT ... RETURNING, but INSERT IGNORE tells how many rows it
            // inserted and the first new id. All of them: the usual case, nothing to ask. Some
            // ignored: the inserted ones are the batch's ids stored from that id on (under the
            // account's row lock taken above, nobody else writes this account's lines).
            const { sql, bindings } = insert.toSQL();
            const [header] = (await trx.raw(sql, bindings)) as [{ affectedRows: number; insertId: number }];
            if (header.affectedRows !== group.length) {
              const fresh =
                header.affectedRows === 0
                  ? new Set<string>()
                  : await existingIds(
                      trx,
                      onlineAccountId,
                      group.map((line) => line.t.providerTransactionId),
                      Number(header.insertId),
                    );
              lines = group.filter((line) => fresh.has(line.t.providerTransactionId));
            }
          }
          if (lines.length === 0) continue;
          // Without RETURNING (MySQL), the new lines' document ids, for the event's read-back.
          if (!returning && lines.length === group.length) insertedDocumentIds.push(...(ids as string[]));
          else if (!returning) {
            const fresh = new Set(lines.map((line) => line.t.providerTransactionId));
            for (const [i, line] of group.entries()) if (fresh.has(line.t.providerTransactionId)) insertedDocumentIds.push(ids[i]!);
          }

          const delta = lines.reduce((sum, line) => sum + line.t.amount, 0n);
          await extendStatement(trx, journal.id, statement, lines.length, delta, now);
          imported += lines.length;
          total += delta;
        }
        if (batch.inOpeningBalance && total !== 0n) {
          await trx(TABLES.statements)
            .where('journal_id', journal.id)
            .update({ balance_start: addBigint(trx, 'balance_start', -total), balance_end: addBigint(trx, 'balance_end', -total) });
        }

        for (const { providerTransactionId, set } of batch.updates ?? []) {
          const columns: Record<string, unknown> = { updated_at: now };
          if (set.label !== undefined) columns.label = set.label;
          if (set.counterpartyName !== undefined) columns.counterparty_name = set.counterpartyName?.slice(0, 255) ?? null;
          if (set.counterpartyAccount !== undefined) columns.counterparty_account = set.counterpartyAccount?.slice(0, 64) ?? null;
          if (set.valueDate !== undefined) columns.value_date = set.valueDate;
          if (set.note !== undefined) columns.note = set.note;
          await trx(TABLES.lines)
            .where({ online_account_id: onlineAccountId, provider_transaction_id: providerTransactionId })
            .update(columns);
        }

        return { imported, duplicates: prepared.length - imported, maxDate };
      });
      // Committed: the statements looked up or created are now safe to reuse for the run.
      for (const [key, ref] of created) batch.statements?.set(key, ref);
      if (batch.run.connectionId !== undefined && (insertedLines.length > 0 || insertedDocumentIds.length > 0)) {
        await getService(strapi, 'events').linesImported({
          connectionId: batch.run.connectionId,
          onlineAccountId,
          journalId: journal.id,
          runId: batch.run.id,
          lines: insertedLines,
          documentIds: insertedDocumentIds,
        });
      }
      return result;
    },

    /** Stores an account cursor on its own (end of a run with nothing new to import). */
    async saveCursor(onlineAccountId: number, cursor: unknown): Promise<void> {
      await knex()(TABLES.accounts)
        .where('id', onlineAccountId)
        .update({ cursor: JSON.stringify(cursor), updated_at: new Date() });
    },

    /**
     * Anchors a journal's balances on the bank's, after its first complete import: the first
     * statement opens at the bank balance minus every imported line. A journal with no line
     * yet gets an opening statement (the run's period, no line) at the bank balance, so its
     * balance is the bank's from the start.
     */
    async anchorOpeningBalance(journal: ImportJournal, bankBalance: bigint, run: ImportBatch['run']): Promise<boolean> {
      return knex().transaction(async (trx) => {
        const now = new Date();
        await trx(TABLES.journals).where('id', journal.id).update({ updated_at: now }); // lock first (see importBatch)
        const firstStatement = () =>
          trx(TABLES.statements)
            .first('balance_start')
            .where('journal_id', journal.id)
            .orderBy([
              { column: 'period_start', order: 'asc' },
              { column: 'id', order: 'asc' },
            ]);
        let first = await firstStatement();
        if (!first) {
          await statementFor(trx, journal, periodOf(run.date, journal.statementPeriodicity, run), now);
          first = await firstStatement();
        }
        const sum = await trx(TABLES.lines).where('journal_id', journal.id).sum({ total: 'amount' }).first();
        const total = BigInt(String(sum?.total ?? 0).split('.')[0] ?? '0');
        const shift = bankBalance - total - BigInt(String(first.balance_start));
        if (shift !== 0n) {
          await trx(TABLES.statements)
            .where('journal_id', journal.id)
            .update({
              balance_start: addBigint(trx, 'balance_start', shift),
              balance_end: addBigint(trx, 'balance_end', shift),
            });
        }
        return true;
      });
    },
  };
};

export default importer;
