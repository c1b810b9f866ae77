export interface ReminderMailFacts {
  institution: string;
  providerName: string;
  connectionId: number;
  consentEnd: Date;
  daysLeft: number;
  reconnectUrl: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The reminder e-mail, written for the accountant who will reconnect: which bank, when it
 * stops, what happens then and the one thing to do.
 */
export function reminderMail(facts: ReminderMailFacts): { subject: string; text: string; html: string } {
  const when = facts.consentEnd.toISOString().slice(0, 10);
  const days = facts.daysLeft === 1 ? '1 day' : `${facts.daysLeft} days`;
  const subject = `Bank connection ${facts.institution}: access ends in ${days} (${when})`;
  const lines = [
    `The access to ${facts.institution} (through ${facts.providerName}) that Strapi uses to import bank transactions ends on ${when} (UTC), in ${days}.`,
    'After that date no new transaction is imported until the bank connection is renewed.',
    `To renew it, open the connection and choose Reconnect: ${facts.reconnectUrl}`,
  ];
  const text = `${lines.join('\n\n')}\n`;
  const html = [
    `<p>The access to <strong>${escapeHtml(facts.institution)}</strong> (through ${escapeHtml(facts.providerName)}) that Strapi uses to import bank transactions ends on <strong>${when}</strong> (UTC), in ${days}.</p>`,
    '<p>After that date no new transaction is imported until the bank connection is renewed.</p>',
    `<p>To renew it, open the connection and choose Reconnect: <a href="${escapeHtml(facts.reconnectUrl)}">${escapeHtml(facts.reconnectUrl)}</a></p>`,
  ].join('\n');
  return { subject, text, html };
}
