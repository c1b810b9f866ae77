import { getFetchClient } from '@strapi/strapi/admin';
import type { ListJournals } from '../../../shared/contracts/journals';
import type { CompleteConnect } from '../../../shared/contracts/connect';
import type { SynchronizeNow } from '../../../shared/contracts/sync';
import { PLUGIN_ID } from '../pluginId';

/** One function per admin endpoint, typed by the contract the server answers with. */
export const api = {
  async listJournals(): Promise<ListJournals.Response> {
    const { data } = await getFetchClient().get<ListJournals.Response>(`/${PLUGIN_ID}/journals`);
    return data;
  },
  async completeConnect(body: CompleteConnect.Request['body']): Promise<CompleteConnect.Response> {
    const { data } = await getFetchClient().post<CompleteConnect.Response>(`/${PLUGIN_ID}/connect/complete`, body);
    return data;
  },
  async synchronizeJournal(journalId: number): Promise<SynchronizeNow.Response> {
    const { data } = await getFetchClient().post<SynchronizeNow.Response>(`/${PLUGIN_ID}/journals/${journalId}/sync`, {});
    return data;
  },
};
