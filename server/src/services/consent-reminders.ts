import type { Core } from '@strapi/strapi';
import type { ConsentReminderView, RemindersSettingsView } from '../../../shared/contracts/reminders';
import { PLUGIN_ID, UID } from '../constants';
import { consentEndKey, dueReminder, lookahead } from '../domain/consent-reminder';
import { reminderMail } from '../domain/reminder-mail';
import { consentReminderRepository } from '../repositories/consent-reminders';
import { connectionRepository } from '../repositories/connections';
import { getService } from '../utils/get-service';

const HOUR_MS = 3_600_000;

interface Mailer {
  send(options: { to: string; from?: string; subject: string; text: string; html: string }): Promise<unknown>;
}

interface ExpiringConnection {
  id: number;
  providerId: string;
  institutionName: string | null;
  consentExpiresAt: string | Date;
}

/**
 * Consent reminders, as Odoo sends them: before a connection's consent ends (15, 3 and 1 days
 * by default), an e-mail to the configured addresses through Strapi's email plugin, with the
 * link to reconnect, and the `bank-sync.consent.expiring` event. Each reminder goes once per
 * connection, threshold and consent end: a unique index decides, so several instances and
 * restarts never send it twice. Checked by the scheduler tick at most once an hour.
 */
const consentReminders = ({ strapi }: { strapi: Core.Strapi }) => {
  let lastCheck = 0;
  const reminders = () => consentReminderRepository(strapi);
  const config = () => getService(strapi, 'settings').get().reminders;

  /**
   * Strapi's email service, when the app configured a provider for it. Strapi's own default,
   * `sendmail` on the server itself, counts as not configured: nothing is sent through it.
   */
  function mailer(): Mailer | null {
    const plugin = strapi.plugin('email') as { service(name: string): unknown } | undefined;
    const provider = String(strapi.config.get('plugin::email.provider') ?? '').toLowerCase();
    if (!plugin || !provider || provider === 'sendmail') return null;
    return plugin.service('email') as Mailer;
  }

  /** The admin page of a connection (where Reconnect is), as an absolute URL when the server knows its own. */
  function connectionUrl(id: number): string {
    const admin = String(strapi.config.get('admin.absoluteUrl') ?? '/admin').replace(/\/+$/, '');
    const base = /^https?:\/\//.test(admin)
      ? admin
      : `${String(strapi.config.get('server.absoluteUrl') ?? '').replace(/\/+$/, '')}${admin}`;
    return `${base}/plugins/${PLUGIN_ID}/connections/${id}`;
  }

  function providerName(id: string): string {
    return (
      getService(strapi, 'providers')
        .list()
        .find((p) => p.id === id)?.displayName ?? id
    );
  }

  /** Sends one reminder to every address; how many went. Throws when none did. */
  async function email(connection: ExpiringConnection, end: Date, daysLeft: number): Promise<number> {
    const { emails, from } = config();
    const service = mailer();
    if (!service || emails.length === 0) return 0;
    const mail = reminderMail({
      institution: connection.institutionName ?? connection.providerId,
      providerName: providerName(connection.providerId),
      connectionId: connection.id,
      consentEnd: end,
      daysLeft,
      reconnectUrl: connectionUrl(connection.id),
    });
    let sent = 0;
    let failure: unknown = null;
    for (const to of emails) {
      try {
        await service.send({ to, ...(from ? { from } : {}), ...mail });
        sent += 1;
      } catch (error) {
        failure = error;
        // The address is not logged in full: the domain says enough to find the problem.
        strapi.log.warn(`[bank-sync] consent reminder to …@${to.split('@')[1] ?? '?'} failed: ${(failure as Error)?.message ?? failure}`);
      }
    }
    if (sent === 0 && failure) throw failure;
    return sent;
  }

  return {
    /** At start: says once why reminders will not be e-mailed. */
    announce(): void {
      const { emails } = config();
      if (emails.length > 0 && !mailer()) {
        strapi.log.warn(
          "[bank-sync] consent reminders are configured (reminders.emails) but Strapi's email plugin has no provider configured (config/plugins.ts → email.config.provider; Strapi's sendmail fallback is not used): no reminder will be e-mailed; the bank-sync.consent.expiring event is still emitted.",
        );
      }
    },

    settingsView(): RemindersSettingsView {
      const { emails, days } = config();
      return { emails, days: [...days].sort((a, b) => b - a), emailEnabled: emails.length > 0 && mailer() !== null };
    },

    /** The scheduler tick's call: the check at most once an hour on this instance. */
    async checkIfDue(now = new Date()): Promise<ConsentReminderView[] | null> {
      if (lastCheck && now.getTime() - lastCheck < HOUR_MS && now.getTime() >= lastCheck) return null;
      lastCheck = now.getTime();
      return this.check(now);
    },

    /** Sends the reminders due now. Returns those this instance sent. */
    async check(now = new Date()): Promise<ConsentReminderView[]> {
      const { days } = config();
      const connections = (await strapi.db.query(UID.connection).findMany({
        where: {
          state: { $notIn: ['pending', 'disconnected'] },
          consentExpiresAt: { $gt: now, $lte: new Date(now.getTime() + lookahead(days)) },
        },
        select: ['id', 'providerId', 'institutionName', 'consentExpiresAt'],
        orderBy: [{ id: 'asc' }],
      })) as ExpiringConnection[];
      const sent: ConsentReminderView[] = [];
      for (const connection of connections) {
        const end = new Date(connection.consentExpiresAt);
        const due = dueReminder(end, now, days);
        if (!due) continue;
        const id = await reminders().claim({
          connectionId: connection.id,
          days: due.threshold,
          consentEnd: consentEndKey(end),
          sentAt: now,
        });
        if (id === null) continue; // sent before, here or on another instance
        let emailed: number;
        try {
          emailed = await email(connection, end, due.daysLeft);
        } catch {
          await reminders().release(id); // tried again at the next check
          continue;
        }
        sent.push(await reminders().markSent(id, emailed, now));
        getService(strapi, 'events').consentExpiring({
          connectionId: connection.id,
          consentEnd: end.toISOString(),
          daysLeft: due.daysLeft,
          threshold: due.threshold,
          reconnectUrl: connectionUrl(connection.id),
        });
      }
      if (sent.length) strapi.log.info(`[bank-sync] ${sent.length} consent reminder(s) sent`);
      return sent;
    },

    async list(connectionId: number): Promise<ConsentReminderView[]> {
      await connectionRepository(strapi).find(connectionId); // 404 for an unknown connection
      return reminders().list(connectionId);
    },
  };
};

export default consentReminders;
