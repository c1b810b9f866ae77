import type { Core } from '@strapi/strapi';
import type { ConsentReminderView } from '../../../shared/contracts/reminders';
import { UID } from '../constants';
import { isUniqueViolation } from '../database/sql';

interface ReminderRow {
  id: number;
  connectionId: number;
  days: number;
  consentEnd: string;
  sentAt: string | Date;
  emailed: number | null;
}

const toView = (row: ReminderRow): ConsentReminderView => ({
  id: row.id,
  connectionId: row.connectionId,
  days: row.days,
  consentEnd: row.consentEnd,
  sentAt: new Date(row.sentAt).toISOString(),
  emailed: row.emailed ?? 0,
});

/** The reminders sent, one row per connection, threshold and consent end (a unique index). */
export const consentReminderRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID.consentReminder);
  return {
    /**
     * Takes the right to send one reminder: the insert succeeds on one instance only, and
     * never twice after a restart. Returns the new row's id, or null when it was taken before.
     */
    async claim(reminder: { connectionId: number; days: number; consentEnd: string; sentAt: Date }): Promise<number | null> {
      try {
        const row = (await query().create({ data: { ...reminder, emailed: 0 } })) as { id: number };
        return row.id;
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },

    /** The e-mail could not go: the reminder is given back, to be tried at the next check. */
    async release(id: number): Promise<void> {
      await query().delete({ where: { id } });
    },

    async markSent(id: number, emailed: number, sentAt: Date): Promise<ConsentReminderView> {
      return toView((await query().update({ where: { id }, data: { emailed, sentAt } })) as ReminderRow);
    },

    async list(connectionId: number): Promise<ConsentReminderView[]> {
      const rows = (await query().findMany({
        where: { connectionId },
        orderBy: [{ sentAt: 'desc' }, { id: 'desc' }],
        limit: 100,
      })) as ReminderRow[];
      return rows.map(toView);
    },
  };
};
