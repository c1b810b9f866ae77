import { adminApi } from '@strapi/strapi/admin';
import type {
  CompleteConnect,
  ConnectionAccounts,
  ConnectUrl,
  ListProviders,
  SearchInstitutions,
  StartConnect,
  UpdateCredentials,
} from '../../../shared/contracts/connect';
import type { DisconnectConnection, ListConnections, UpdateConnection } from '../../../shared/contracts/connections';
import type { FindMissing, ImportSelected } from '../../../shared/contracts/finder';
import type { CreateJournal, ListJournals } from '../../../shared/contracts/journals';
import type { GetDefaults, GetSettings, UpdateSettings } from '../../../shared/contracts/settings';
import type { ListEvents } from '../../../shared/contracts/events';
import type { ListConsentReminders } from '../../../shared/contracts/reminders';
import type { ListLines, ListStatements, StatementView } from '../../../shared/contracts/statements';
import type { FetchAccounts, ListActiveRuns, ListRuns, SynchronizeAll, SynchronizeNow } from '../../../shared/contracts/sync';

const base = '/bank-sync';
type Data<R extends { data: unknown }> = R['data'];
const data = <R extends { data: unknown }>(response: R): Data<R> => response.data;

/**
 * Endpoint names share one namespace with Strapi's own (an injected name that exists already is
 * ignored, silently): `getProviders` and `getSettings` are Strapi's, ours carry `BankSync`.
 *
 * Every admin endpoint of the plugin, on Strapi's admin data layer (RTK Query), typed by the
 * contracts the server answers with. Mutations invalidate by tag, so lists refetch after them.
 */
const bankSyncApi = adminApi
  .enhanceEndpoints({ addTagTypes: ['BankSyncJournal', 'BankSyncConnection', 'BankSyncRun', 'BankSyncStatement', 'BankSyncSettings'] })
  .injectEndpoints({
    endpoints: (builder) => ({
      // Journals and statements
      getJournals: builder.query<Data<ListJournals.Response>, void>({
        query: () => `${base}/journals`,
        transformResponse: data<ListJournals.Response>,
        providesTags: ['BankSyncJournal'],
      }),
      createJournal: builder.mutation<Data<CreateJournal.Response>, CreateJournal.Request['body']>({
        query: (body) => ({ url: `${base}/journals`, method: 'POST', data: body }),
        transformResponse: data<CreateJournal.Response>,
        invalidatesTags: ['BankSyncJournal'],
      }),
      getStatements: builder.query<Data<ListStatements.Response>, number>({
        query: (journalId) => `${base}/journals/${journalId}/statements`,
        transformResponse: data<ListStatements.Response>,
        providesTags: ['BankSyncStatement'],
      }),
      getStatement: builder.query<StatementView, number>({
        query: (id) => `${base}/statements/${id}`,
        transformResponse: (response: { data: StatementView }) => response.data,
        providesTags: ['BankSyncStatement'],
      }),
      getLines: builder.query<ListLines.Response, { statementId?: number; journalId?: number; query: ListLines.Request['query'] }>({
        query: ({ statementId, journalId, query }) => ({
          url: statementId ? `${base}/statements/${statementId}/lines` : `${base}/journals/${journalId}/lines`,
          config: { params: query },
        }),
        providesTags: ['BankSyncStatement'],
      }),

      // Synchronization
      synchronizeJournal: builder.mutation<Data<SynchronizeNow.Response>, number>({
        query: (journalId) => ({ url: `${base}/journals/${journalId}/sync`, method: 'POST', data: {} }),
        transformResponse: data<SynchronizeNow.Response>,
        invalidatesTags: ['BankSyncJournal', 'BankSyncConnection', 'BankSyncRun', 'BankSyncStatement'],
      }),
      synchronizeConnection: builder.mutation<Data<SynchronizeNow.Response>, { connectionId: number } & SynchronizeNow.Request['body']>({
        query: ({ connectionId, ...body }) => ({ url: `${base}/connections/${connectionId}/sync`, method: 'POST', data: body }),
        transformResponse: data<SynchronizeNow.Response>,
        invalidatesTags: ['BankSyncJournal', 'BankSyncConnection', 'BankSyncRun', 'BankSyncStatement'],
      }),
      synchronizeAll: builder.mutation<Data<SynchronizeAll.Response>, void>({
        query: () => ({ url: `${base}/sync-all`, method: 'POST', data: {} }),
        transformResponse: data<SynchronizeAll.Response>,
        invalidatesTags: ['BankSyncJournal', 'BankSyncConnection', 'BankSyncRun', 'BankSyncStatement'],
      }),
      fetchAccounts: builder.mutation<Data<FetchAccounts.Response>, number>({
        query: (connectionId) => ({ url: `${base}/connections/${connectionId}/fetch-accounts`, method: 'POST', data: {} }),
        transformResponse: data<FetchAccounts.Response>,
        invalidatesTags: ['BankSyncJournal', 'BankSyncConnection'],
      }),
      getActiveRuns: builder.query<Data<ListActiveRuns.Response>, void>({
        query: () => `${base}/runs/active`,
        transformResponse: data<ListActiveRuns.Response>,
        providesTags: ['BankSyncRun'],
      }),
      getRuns: builder.query<Data<ListRuns.Response>, { connectionId?: number; limit?: number; offset?: number }>({
        query: (params) => ({ url: `${base}/runs`, config: { params } }),
        transformResponse: data<ListRuns.Response>,
        providesTags: ['BankSyncRun'],
      }),

      // Find missing transactions (a preview writes nothing but its run log entry)
      findMissing: builder.mutation<Data<FindMissing.Response>, { journalId: number } & FindMissing.Request['body']>({
        query: ({ journalId, ...body }) => ({ url: `${base}/journals/${journalId}/find-missing`, method: 'POST', data: body }),
        transformResponse: data<FindMissing.Response>,
        invalidatesTags: ['BankSyncRun'],
      }),
      importSelected: builder.mutation<Data<ImportSelected.Response>, { journalId: number } & ImportSelected.Request['body']>({
        query: ({ journalId, ...body }) => ({ url: `${base}/journals/${journalId}/import-selected`, method: 'POST', data: body }),
        transformResponse: data<ImportSelected.Response>,
        invalidatesTags: ['BankSyncJournal', 'BankSyncRun', 'BankSyncStatement'],
      }),

      // Connections (Online Synchronization)
      getConnections: builder.query<Data<ListConnections.Response>, void>({
        query: () => `${base}/connections`,
        transformResponse: data<ListConnections.Response>,
        providesTags: ['BankSyncConnection'],
      }),
      getConnection: builder.query<Data<UpdateConnection.Response>, number>({
        query: (id) => `${base}/connections/${id}`,
        transformResponse: data<UpdateConnection.Response>,
        providesTags: ['BankSyncConnection'],
      }),
      updateConnection: builder.mutation<Data<UpdateConnection.Response>, { id: number } & UpdateConnection.Request['body']>({
        query: ({ id, ...body }) => ({ url: `${base}/connections/${id}`, method: 'PUT', data: body }),
        transformResponse: data<UpdateConnection.Response>,
        invalidatesTags: ['BankSyncConnection', 'BankSyncJournal'],
      }),
      disconnect: builder.mutation<Data<DisconnectConnection.Response>, number>({
        query: (id) => ({ url: `${base}/connections/${id}`, method: 'DELETE' }),
        transformResponse: data<DisconnectConnection.Response>,
        invalidatesTags: ['BankSyncConnection', 'BankSyncJournal'],
      }),
      getAccounts: builder.query<Data<ConnectionAccounts.Response>, number>({
        query: (connectionId) => `${base}/connections/${connectionId}/accounts`,
        transformResponse: data<ConnectionAccounts.Response>,
        providesTags: ['BankSyncConnection'],
      }),
      selectAccounts: builder.mutation<Data<ConnectionAccounts.Response>, { connectionId: number } & ConnectionAccounts.Request['body']>({
        query: ({ connectionId, ...body }) => ({ url: `${base}/connections/${connectionId}/accounts`, method: 'PUT', data: body }),
        transformResponse: data<ConnectionAccounts.Response>,
        invalidatesTags: ['BankSyncConnection', 'BankSyncJournal'],
      }),
      updateCredentials: builder.mutation<Data<UpdateCredentials.Response>, { connectionId: number } & UpdateCredentials.Request['body']>({
        query: ({ connectionId, ...body }) => ({ url: `${base}/connections/${connectionId}/credentials`, method: 'PUT', data: body }),
        transformResponse: data<UpdateCredentials.Response>,
        invalidatesTags: ['BankSyncConnection', 'BankSyncJournal'],
      }),
      reconnect: builder.mutation<Data<ConnectUrl.Response>, number>({
        query: (connectionId) => ({ url: `${base}/connections/${connectionId}/reconnect`, method: 'POST', data: {} }),
        transformResponse: data<ConnectUrl.Response>,
      }),
      reauthorize: builder.mutation<Data<ConnectUrl.Response>, { connectionId: number; accountId?: number }>({
        query: ({ connectionId, accountId }) => ({
          url: `${base}/connections/${connectionId}/reauthorize`,
          method: 'POST',
          data: accountId ? { accountId } : {},
        }),
        transformResponse: data<ConnectUrl.Response>,
      }),

      // Add a Bank Account
      getBankSyncProviders: builder.query<Data<ListProviders.Response>, void>({
        query: () => `${base}/providers`,
        transformResponse: data<ListProviders.Response>,
      }),
      searchInstitutions: builder.query<Data<SearchInstitutions.Response>, { providerId: string; search?: string; country?: string }>({
        query: (params) => ({ url: `${base}/institutions`, config: { params } }),
        transformResponse: data<SearchInstitutions.Response>,
      }),
      startConnect: builder.mutation<Data<StartConnect.Response>, StartConnect.Request['body']>({
        query: (body) => ({ url: `${base}/connect`, method: 'POST', data: body }),
        transformResponse: data<StartConnect.Response>,
        invalidatesTags: ['BankSyncConnection'],
      }),
      completeConnect: builder.mutation<Data<CompleteConnect.Response>, CompleteConnect.Request['body']>({
        query: (body) => ({ url: `${base}/connect/complete`, method: 'POST', data: body }),
        transformResponse: data<CompleteConnect.Response>,
        invalidatesTags: ['BankSyncConnection', 'BankSyncJournal'],
      }),

      // Consent reminders and events
      getConsentReminders: builder.query<Data<ListConsentReminders.Response>, number>({
        query: (connectionId) => `${base}/connections/${connectionId}/reminders`,
        transformResponse: data<ListConsentReminders.Response>,
        providesTags: ['BankSyncConnection'],
      }),
      getBankSyncEvents: builder.query<Data<ListEvents.Response>, void>({
        query: () => `${base}/events`,
        transformResponse: data<ListEvents.Response>,
      }),

      // Settings
      getDefaults: builder.query<Data<GetDefaults.Response>, void>({
        query: () => `${base}/settings/defaults`,
        transformResponse: data<GetDefaults.Response>,
        providesTags: ['BankSyncSettings'],
      }),
      getBankSyncSettings: builder.query<Data<GetSettings.Response>, void>({
        query: () => `${base}/settings`,
        transformResponse: data<GetSettings.Response>,
        providesTags: ['BankSyncSettings'],
      }),
      updateSettings: builder.mutation<Data<UpdateSettings.Response>, UpdateSettings.Request['body']>({
        query: (body) => ({ url: `${base}/settings`, method: 'PUT', data: body }),
        transformResponse: data<UpdateSettings.Response>,
        invalidatesTags: ['BankSyncSettings'],
      }),
    }),
  });

export const {
  useGetJournalsQuery,
  useCreateJournalMutation,
  useGetStatementsQuery,
  useGetStatementQuery,
  useGetLinesQuery,
  useSynchronizeJournalMutation,
  useSynchronizeConnectionMutation,
  useSynchronizeAllMutation,
  useFetchAccountsMutation,
  useGetActiveRunsQuery,
  useGetRunsQuery,
  useFindMissingMutation,
  useImportSelectedMutation,
  useGetConnectionsQuery,
  useGetConnectionQuery,
  useUpdateConnectionMutation,
  useDisconnectMutation,
  useGetAccountsQuery,
  useSelectAccountsMutation,
  useUpdateCredentialsMutation,
  useReconnectMutation,
  useReauthorizeMutation,
  useGetBankSyncProvidersQuery,
  useSearchInstitutionsQuery,
  useStartConnectMutation,
  useCompleteConnectMutation,
  useGetDefaultsQuery,
  useGetBankSyncSettingsQuery,
  useUpdateSettingsMutation,
  useGetConsentRemindersQuery,
  useGetBankSyncEventsQuery,
} = bankSyncApi;
