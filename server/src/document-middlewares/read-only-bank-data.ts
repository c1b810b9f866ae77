import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../constants';

/** Document Service actions that change a document. */
const WRITES = new Set(['create', 'update', 'delete', 'clone', 'publish', 'unpublish', 'discardDraft']);

const MESSAGES: Record<string, string> = {
  [UID.line]:
    'Imported bank statement lines cannot be changed by hand: they come from the bank. A change the bank reports is added by the synchronization as a correction or reversal line.',
  [UID.statement]: 'Bank statements cannot be changed by hand: their lines and balances come from the bank through the synchronization.',
};

/**
 * Bank data is the bank's: statements and their lines are written by the importer only (its
 * fast path in SQL, which this middleware does not see). Through the Document Service — the
 * Content Manager, the content API, another plugin's code — a write is refused with a 403
 * and a message that says why, so no balance can stop adding up.
 */
export function registerReadOnlyBankData(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const message = MESSAGES[context.uid];
    // A PolicyError (a ForbiddenError) keeps its message through Strapi's route authorization,
    // which turns any other ForbiddenError into a bare "Forbidden".
    if (message && WRITES.has(context.action)) throw new errors.PolicyError(message, { uid: context.uid, action: context.action });
    return next();
  });
}
