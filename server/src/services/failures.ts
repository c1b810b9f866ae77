import type { Core } from '@strapi/strapi';
import { failureMessage, type RecordedError } from '../domain/connection-outcome';
import { BankSyncError, ConfigurationError, ProviderFailure, SecretsError, isStrapiError } from '../domain/errors';
import { errorReference } from '../domain/reference';
import { databaseErrorCode } from '../database/sql';
import { ImportFailure, type BankProvider, type ClassifiedError } from '../providers/types';
import { connectionRepository, type ConnectionRow } from '../repositories/connections';
import { getService } from '../utils/get-service';

/** Where a provider failure happened, and what it does to its connection. */
export interface FailureScene {
  /** What was being done, for the log: 'fetch accounts', 'connect', 'institution search', ... */
  action: string;
  provider: BankProvider | null;
  /** The connection concerned, if any: the failure is recorded on it. */
  connection?: ConnectionRow | null;
  /** `state`: the connection's state follows the failure (failureOutcome); `error`: only the error is recorded. */
  record?: 'state' | 'error';
}

/**
 * Failures, from any error to what the admin reads: classified by type (never by message
 * text), given a BKS- reference, recorded on the connection, logged once, and thrown as a
 * 502 that carries class, code and reference.
 */
const failures = ({ strapi }: { strapi: Core.Strapi }) => {
  /** Any error -> its class. Engine errors are told apart from the provider's. */
  function classify(provider: BankProvider | null, error: unknown): ClassifiedError {
    if (error instanceof ImportFailure || databaseErrorCode(error)) {
      const code = databaseErrorCode(error instanceof ImportFailure ? error.original : error) ?? 'unknown';
      // The driver's text quotes the statement and its values: only its code goes to the log.
      strapi.log.error(`[bank-sync] database error ${code}${error instanceof ImportFailure ? ` (${error.message})` : ''}`);
      return {
        class: 'retry',
        code: 'database_error',
        message: `${error instanceof ImportFailure ? error.message : 'The database could not complete a write'} (database error ${code}). Every committed page is kept; the next run goes on from there.`,
      };
    }
    if (error instanceof ConfigurationError || error instanceof SecretsError)
      return { class: 'config', code: error.name, message: error.message };
    if (error instanceof BankSyncError || isStrapiError(error))
      return { class: 'invalid-request', code: error.name, message: error.message };
    if (provider) {
      try {
        return provider.classifyError(error);
      } catch {
        // a provider's classifier failing must not hide the original error
      }
    }
    return { class: 'retry', code: 'unexpected_error', message: `Unexpected error: ${(error as Error)?.message ?? String(error)}` };
  }

  /** One log line per failure: where, reference, class and code, and the recorded message. */
  function log(what: string, recorded: RecordedError): void {
    strapi.log.warn(`[bank-sync] ${what} failed [${recorded.reference}] ${recorded.class}/${recorded.code}: ${recorded.message}`);
  }

  return {
    classify,
    log,

    /**
     * Classify -> reference -> record -> log, and the error to throw: the plugin's own
     * errors (bad input, not found, conflict) as they are, a provider's as a ProviderFailure.
     */
    async report(error: unknown, scene: FailureScene): Promise<Error> {
      if (error instanceof BankSyncError || isStrapiError(error)) return error;
      const failure = classify(scene.provider, error);
      const recorded: RecordedError = {
        code: failure.code,
        class: failure.class,
        message: failureMessage(failure),
        reference: errorReference(),
      };
      const { connection } = scene;
      if (connection) {
        const repository = connectionRepository(strapi);
        if (scene.record === 'state') await repository.recordFailure(connection, failure, recorded);
        else await repository.recordConnectFailure(connection.id, recorded);
        getService(strapi, 'events').connectionError(connection.id, recorded);
      }
      log(connection ? `${scene.action} of connection ${connection.id}` : scene.action, recorded);
      return new ProviderFailure(recorded.message, { class: failure.class, code: failure.code, reference: recorded.reference });
    },
  };
};

export default failures;
