import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { BackButton, Layouts, Page, useAPIErrorHandler, useNotification, useRBAC } from '@strapi/strapi/admin';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { ArrowClockwise, Download, Key, Link as LinkIcon, Pencil, Trash } from '@strapi/icons';
import type { OnlineAccountView } from '../../../shared/contracts/connect';
import type { ConnectionView } from '../../../shared/contracts/connections';
import { PERMISSIONS } from '../permissions';
import {
  useDisconnectMutation,
  useFetchAccountsMutation,
  useGetAccountsQuery,
  useGetActiveRunsQuery,
  useGetConnectionQuery,
  useGetDefaultsQuery,
  useGetJournalsQuery,
  useReauthorizeMutation,
  useReconnectMutation,
  useSynchronizeConnectionMutation,
  useUpdateConnectionMutation,
  useUpdateCredentialsMutation,
} from '../services/api';
import { useGetBankSyncProvidersQuery } from '../services/api';
import { useT } from '../utils/translate';
import { errorClassKey } from '../utils/wording';
import { apiError } from './add/apiError';
import { SyncProgress } from './add/SyncProgress';
import { AccountsTable } from './connections/AccountsTable';
import { ConnectionSummary } from './connections/ConnectionSummary';
import { CredentialsDialog, DisconnectDialog, EditDialog, FetchTransactionsDialog } from './connections/Dialogs';
import { LastError } from './connections/LastError';
import { OnlineSyncGate } from './connections/OnlineSyncGate';
import { RunLog } from './connections/RunLog';
import { useRunResult } from './connections/runWords';
import { StateBadge } from './connections/StateBadge';

type Open = null | 'fetch' | 'credentials' | 'edit' | 'disconnect';

/** A provider failure worded for a notification: by class, with its reference. */
function useFailureText() {
  const t = useT();
  const { _unstableFormatAPIError: formatAPIError } = useAPIErrorHandler();
  return (e: unknown): string => {
    const error = apiError(e);
    if (error.status === 409) return t('connection.busy');
    if (error.errorClass) {
      return [t(errorClassKey(error.errorClass)), error.reference ? t('runs.reference', { reference: error.reference }) : '']
        .filter(Boolean)
        .join(' ');
    }
    return formatAPIError(e as Parameters<typeof formatAPIError>[0]);
  };
}

const Connection = ({ connection }: { connection: ConnectionView }) => {
  const t = useT();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const failureText = useFailureText();
  const runResult = useRunResult();
  const {
    allowedActions: { canSynchronize, canManage },
  } = useRBAC({ synchronize: PERMISSIONS.synchronize, manage: PERMISSIONS.manageConnections });

  const defaults = useGetDefaultsQuery();
  const providers = useGetBankSyncProvidersQuery();
  const accounts = useGetAccountsQuery(connection.id);
  const journals = useGetJournalsQuery();
  // A run going on (started here, by the scheduler or on another instance): its progress shows.
  const active = useGetActiveRunsQuery(undefined, { pollingInterval: 5000 });
  const [fetchAccounts, fetchingAccounts] = useFetchAccountsMutation();
  const [synchronize, synchronizing] = useSynchronizeConnectionMutation();
  const [updateCredentials] = useUpdateCredentialsMutation();
  const [updateConnection, updating] = useUpdateConnectionMutation();
  const [reconnect, reconnecting] = useReconnectMutation();
  const [reauthorize] = useReauthorizeMutation();
  const [disconnect, disconnecting] = useDisconnectMutation();
  const [open, setOpen] = useState<Open>(null);
  const [reauthorizing, setReauthorizing] = useState<number | null>(null);

  const timeZone = defaults.data?.defaultTimeZone ?? 'UTC';
  const provider = providers.data?.find((p) => p.id === connection.providerId);
  const providerName = provider?.displayName ?? connection.providerId;
  const institution = connection.institutionName ?? connection.institutionId ?? t('connections.unnamed');
  const running = synchronizing.isLoading || Boolean(active.data?.some((r) => r.connectionId === connection.id));
  const usable = connection.state !== 'pending' && connection.state !== 'disconnected';
  const pending = connection.state === 'pending';

  const onFetchAccounts = async () => {
    try {
      const found = await fetchAccounts(connection.id).unwrap();
      toggleNotification({ type: 'success', message: t('connection.fetchAccounts.done', { count: found.length }) });
    } catch (e) {
      toggleNotification({ type: 'danger', message: failureText(e) });
    }
  };

  const onFetchTransactions = async (from: string | undefined) => {
    setOpen(null);
    try {
      const run = await synchronize({ connectionId: connection.id, ...(from ? { from } : {}) }).unwrap();
      const result = runResult(run);
      toggleNotification({ type: result.type, message: result.message });
    } catch (e) {
      toggleNotification({ type: apiError(e).status === 409 ? 'info' : 'danger', message: failureText(e) });
    }
  };

  const goTo = async (work: () => Promise<{ url: string }>) => {
    try {
      const { url } = await work();
      window.location.assign(url);
    } catch (e) {
      toggleNotification({ type: 'danger', message: failureText(e) });
    }
  };

  const onReauthorize = async (account: OnlineAccountView) => {
    setReauthorizing(account.id);
    await goTo(() => reauthorize({ connectionId: connection.id, accountId: account.id }).unwrap());
    setReauthorizing(null);
  };

  const onEdit = async (patch: { autoSync: boolean; frequencyMinutes: number }) => {
    try {
      await updateConnection({ id: connection.id, ...patch }).unwrap();
      setOpen(null);
      toggleNotification({ type: 'success', message: t('connection.edit.done') });
    } catch (e) {
      toggleNotification({ type: 'danger', message: failureText(e) });
    }
  };

  const onDisconnect = async () => {
    try {
      const result = await disconnect(connection.id).unwrap();
      setOpen(null);
      toggleNotification({
        type: 'success',
        message: t(result.removed ? 'connection.remove.done' : 'connection.disconnect.done', { institution }),
      });
      // Ended here, but the provider could not be told: the admin ends it on the provider's side.
      if (result.provider?.error) {
        toggleNotification({
          type: 'warning',
          message: t('connection.disconnect.providerFailed', {
            provider: provider?.displayName ?? connection.providerId,
            reason: result.provider.error.message,
            reference: result.provider.error.reference ?? '—',
          }),
        });
      }
      if (result.removed) navigate('../connections');
    } catch (e) {
      toggleNotification({ type: 'danger', message: failureText(e) });
    }
  };

  const actions = [
    canSynchronize && usable ? (
      <Button
        key="accounts"
        variant="secondary"
        startIcon={<ArrowClockwise />}
        loading={fetchingAccounts.isLoading}
        onClick={onFetchAccounts}
      >
        {t('connection.fetchAccounts')}
      </Button>
    ) : null,
    canSynchronize && usable ? (
      <Button key="transactions" variant="secondary" startIcon={<Download />} disabled={running} onClick={() => setOpen('fetch')}>
        {t('connection.fetchTransactions')}
      </Button>
    ) : null,
    canManage && provider?.credentialFields.length && connection.state !== 'disconnected' ? (
      <Button key="credentials" variant="secondary" startIcon={<Key />} onClick={() => setOpen('credentials')}>
        {t('connection.credentials')}
      </Button>
    ) : null,
    canManage ? (
      <Button
        key="reconnect"
        variant="secondary"
        startIcon={<LinkIcon />}
        loading={reconnecting.isLoading}
        onClick={() => goTo(() => reconnect(connection.id).unwrap())}
      >
        {t('connection.reconnect')}
      </Button>
    ) : null,
    canManage && connection.state !== 'disconnected' ? (
      <Button key="edit" variant="secondary" startIcon={<Pencil />} onClick={() => setOpen('edit')}>
        {t('connection.edit')}
      </Button>
    ) : null,
    canManage && connection.state !== 'disconnected' ? (
      <Button key="disconnect" variant="danger-light" startIcon={<Trash />} onClick={() => setOpen('disconnect')}>
        {t(pending ? 'connection.remove' : 'connection.disconnect')}
      </Button>
    ) : null,
  ].filter(Boolean);

  return (
    <Page.Main>
      <Page.Title>{institution}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback="../connections" />}
        title={institution}
        subtitle={t('connection.subtitle', { provider: providerName })}
        secondaryAction={<StateBadge state={connection.state} />}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {actions.length ? (
            <Flex tag="section" aria-label={t('connection.actions')} gap={2} wrap="wrap">
              {actions}
            </Flex>
          ) : null}
          {connection.state === 'disconnected' ? (
            <Typography tag="p" textColor="neutral700">
              {t(canManage ? 'connection.disconnected.text' : 'connection.disconnected.readOnly')}
            </Typography>
          ) : null}
          {running ? <SyncProgress connectionId={connection.id} title={t('connection.running', { institution })} /> : null}
          {connection.lastError ? <LastError error={connection.lastError} /> : null}
          <ConnectionSummary connection={connection} timeZone={timeZone} />
          <Box tag="section" aria-labelledby="accounts-title">
            <Typography id="accounts-title" tag="h2" variant="delta" paddingBottom={3}>
              {t('connection.accounts.title')}
            </Typography>
            <Box paddingTop={3}>
              <AccountsTable
                accounts={accounts.data ?? []}
                journals={journals.data ?? []}
                timeZone={timeZone}
                onReauthorize={canManage && usable && provider?.capabilities.reauthorization ? onReauthorize : null}
                reauthorizing={reauthorizing}
              />
            </Box>
          </Box>
          <RunLog connectionId={connection.id} timeZone={timeZone} />
        </Flex>
      </Layouts.Content>

      {open === 'fetch' ? (
        <FetchTransactionsDialog open onClose={() => setOpen(null)} onFetch={onFetchTransactions} timeZone={timeZone} />
      ) : null}
      {open === 'credentials' ? (
        <CredentialsDialog
          open
          onClose={() => setOpen(null)}
          fields={provider?.credentialFields ?? []}
          providerName={providerName}
          onSave={async (credentials) => {
            await updateCredentials({ connectionId: connection.id, credentials }).unwrap();
            toggleNotification({ type: 'success', message: t('connection.credentials.done') });
          }}
        />
      ) : null}
      {open === 'edit' ? (
        <EditDialog open onClose={() => setOpen(null)} connection={connection} busy={updating.isLoading} onSave={onEdit} />
      ) : null}
      {open === 'disconnect' ? (
        <DisconnectDialog
          open
          onClose={() => setOpen(null)}
          institution={institution}
          pending={pending}
          busy={disconnecting.isLoading}
          onConfirm={onDisconnect}
        />
      ) : null}
    </Page.Main>
  );
};

/** Online Synchronization → one connection: its facts, accounts, last error, actions and run log. */
const ConnectionLoader = () => {
  const { id } = useParams();
  const connectionId = Number(id);
  const { data, isLoading, error } = useGetConnectionQuery(connectionId, { skip: !Number.isSafeInteger(connectionId) });
  if (isLoading) return <Page.Loading />;
  if (error || !data) return <Page.Error />;
  return <Connection connection={data} />;
};

export const ConnectionPage = () => (
  <OnlineSyncGate>
    <ConnectionLoader />
  </OnlineSyncGate>
);
