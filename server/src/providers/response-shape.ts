import type { z } from 'zod';
import { ProviderError } from './types';
import { zodProblems } from './zod-problems';

export interface AnswerOrigin {
  /** The provider's name, as the admin knows it. */
  provider: string;
  /** Error code of the provider's malformed answers, e.g. 'ponto_malformed_response'. */
  code: string;
  /** What was asked, e.g. 'GET /accounts'. */
  request: string;
  /** Provider-side request id, kept for support. */
  reference?: string;
}

/**
 * A provider's answer checked against the schema of what its API documents. An answer of
 * another shape (an HTML error page with status 200, `data` that is no list) is a
 * ProviderError of class `retry`: such pages come from proxies and outages, and pass.
 */
export function expectShape<S extends z.ZodTypeAny>(schema: S, body: unknown, origin: AnswerOrigin): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data as z.output<S>;
  const what =
    typeof body === 'string'
      ? 'a text or HTML page instead of JSON'
      : `a document of another shape than its API's (${zodProblems(result).slice(0, 3).join('; ')})`;
  throw new ProviderError({
    class: 'retry',
    code: origin.code,
    message: `${origin.provider} answered ${origin.request} with ${what}; the next attempt will retry.`,
    providerReference: origin.reference,
  });
}
