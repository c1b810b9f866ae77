import { ProviderError, type BankProvider } from '../types';
import { zodProblems } from '../zod-problems';
import { fetchPontoAccounts } from './accounts';
import { PontoClient } from './client';
import { pontoConfigSchema, readPontoConfig, type PontoCredentials } from './config';
import { pontoConnection } from './connection';
import { classifyPonto, PontoHttpError } from './errors';
import { findPontoInstitution, searchPontoInstitutions } from './institutions';
import { pkcePair } from './pkce';
import { documentSchema, reauthorizationRequestSchema } from './schemas';
import { requestPontoRefresh } from './synchronization';
import { fetchPontoTransactions } from './transactions';
import { signatureRefusal, webhookEvent } from './webhook';

const reauthorizationDocument = documentSchema(reauthorizationRequestSchema);

/** Ponto Connect (Ibanity), reference §1: OAuth2 + PKCE per organisation, JSON:API resources. */
export const pontoProvider: BankProvider = {
  id: 'ponto',
  displayName: 'Ponto',
  capabilities: { refresh: true, pending: true, webhooks: true, reauthorization: true },
  credentialFields: [
    { key: 'clientId', label: 'Client ID', secret: false },
    { key: 'clientSecret', label: 'Client secret', secret: true },
  ],

  searchInstitutions: searchPontoInstitutions,
  findInstitution: findPontoInstitution,

  async startConnect(ctx, { redirectUri, state }) {
    const { config, client } = pontoConnection(ctx);
    const { clientId } = client.client();
    const { verifier, challenge } = pkcePair();
    const url = new URL(config.authorizationUrl);
    url.search = new URLSearchParams({
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: config.scope,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), credentials: { codeVerifier: verifier } };
  },

  async completeConnect(ctx, { params, redirectUri }) {
    const { client } = pontoConnection(ctx);
    if (params.error) {
      // The callback's error is a URL parameter: only OAuth's own codes make a code.
      const oauth = /^(access_denied|invalid_request|invalid_scope|server_error|temporarily_unavailable|unauthorized_client)$/.test(
        params.error,
      );
      throw new ProviderError({
        class: 'reauth',
        code: oauth ? `ponto_${params.error}` : 'ponto_authorization_error',
        message:
          params.error === 'access_denied'
            ? 'The consent was refused at Ponto: nothing was connected.'
            : `Ponto answered with an error${oauth ? ` (${params.error})` : ''}: start Connect again.`,
      });
    }
    const verifier = (ctx.credentials as PontoCredentials | null)?.codeVerifier;
    if (!params.code || !verifier) {
      throw new ProviderError({
        class: 'invalid-request',
        code: 'ponto_no_code',
        message: 'The Ponto callback has no authorization code.',
      });
    }
    try {
      const credentials = await client.exchangeCode(params.code, redirectUri, verifier);
      return { credentials: credentials as Record<string, unknown> };
    } catch (error) {
      if (error instanceof PontoHttpError && error.codes.includes('invalid_grant')) {
        throw new ProviderError({
          class: 'invalid-request',
          code: 'ponto_invalid_code',
          message:
            'Ponto refused the authorization code (expired, already used, or issued for another redirect URI than the configured one): start Connect again.',
          providerReference: error.requestId,
        });
      }
      throw error;
    }
  },

  async checkCredentials(ctx, credentials) {
    const config = readPontoConfig(ctx.config);
    const { clientId, clientSecret } = credentials as PontoCredentials;
    if (!clientId || !clientSecret) {
      throw new ProviderError({
        class: 'invalid-request',
        code: 'ponto_missing_client',
        message: 'Enter both the Client ID and the Client Secret.',
      });
    }
    const client = new PontoClient(config, { ...ctx, credentials: { clientId, clientSecret } });
    await client.token({ grant_type: 'client_credentials' }, { clientId, clientSecret });
    // New client credentials replace the old ones and the deprecated token; tokens start anew.
    return { clientId, clientSecret };
  },

  fetchAccounts: fetchPontoAccounts,
  requestRefresh: requestPontoRefresh,
  fetchTransactions: fetchPontoTransactions,

  async reauthorizationUrl(ctx, { redirectUri, providerAccountId }) {
    const { client } = pontoConnection(ctx);
    if (!providerAccountId) {
      throw new ProviderError({ class: 'invalid-request', code: 'ponto_no_account', message: 'Choose the account to re-authorize.' });
    }
    const answer = await client.request(
      'POST',
      `/accounts/${encodeURIComponent(providerAccountId)}/reauthorization-requests`,
      reauthorizationDocument,
      { data: { data: { type: 'reauthorizationRequest', attributes: { redirectUri } } } },
    );
    return answer.data.links.redirect;
  },

  async verifyWebhook(ctx, request) {
    const config = readPontoConfig(ctx.config);
    const header = request.headers.signature;
    const rawBody = request.rawBody ?? '';
    const refusal = await signatureRefusal(config, Array.isArray(header) ? header[0] : header, rawBody);
    if (refusal) {
      ctx.log.warn(`webhook refused: ${refusal}`);
      return null;
    }
    // The event is read from the bytes that were signed.
    try {
      return webhookEvent(JSON.parse(rawBody));
    } catch {
      return null;
    }
  },

  classifyError: classifyPonto,

  validateConfig(config) {
    return zodProblems(pontoConfigSchema.safeParse(config));
  },
};

export default pontoProvider;
