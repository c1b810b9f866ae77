/** A consent reminder as the admin API returns it (one per connection, threshold and consent end). */
export interface ConsentReminderView {
  id: number;
  connectionId: number;
  /** The threshold reached: the reminder "15 days before", "3 days before", ... */
  days: number;
  /** ISO date-time of the consent end it was about. */
  consentEnd: string;
  /** ISO date-time it was sent. */
  sentAt: string;
  /** Addresses e-mailed; 0 when e-mail is not configured (the event was still emitted). */
  emailed: number;
}

/** What the Settings page shows of the reminders (from the configuration file). */
export interface RemindersSettingsView {
  emails: string[];
  days: number[];
  /** Strapi's email plugin is installed and addresses are configured: reminders are e-mailed. */
  emailEnabled: boolean;
}

/** GET /bank-sync/connections/:id/reminders (permission read): the reminders sent, newest first. */
export declare namespace ListConsentReminders {
  interface Response {
    data: ConsentReminderView[];
  }
}

/** POST /bank-sync/reminders/check (permission settings): the reminder pass now, on this instance. */
export declare namespace CheckConsentReminders {
  interface Response {
    data: { sent: ConsentReminderView[] };
  }
}
