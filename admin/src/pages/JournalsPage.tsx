import { useState } from 'react';
import { NavLink } from 'react-router-dom';
import { Layouts, Page, useAPIErrorHandler, useNotification, useRBAC } from '@strapi/strapi/admin';
import { Box, Button, EmptyStateLayout, Flex, LinkButton, Typography } from '@strapi/design-system';
import { ArrowClockwise, Cog, Plus } from '@strapi/icons';
import type { JournalView } from '../../../shared/contracts/journals';
import { JournalCard } from '../components/bank-journals/JournalCard';
import { pluginPath } from '../components/bank-journals/paths';
import { useLiveSync } from '../components/bank-journals/useLiveSync';
import { PERMISSIONS } from '../permissions';
import { useGetDefaultsQuery, useGetJournalsQuery, useReauthorizeMutation, useReconnectMutation } from '../services/api';
import { useT } from '../utils/translate';

const ACTIONS = [...PERMISSIONS.synchronize, ...PERMISSIONS.manageConnections];

/**
 * Bank Sync home: one card per journal (balances side by side, connection state, last success
 * and last attempt, next synchronization, consent end, what to act on), live progress of the
 * runs going now, Synchronize Now / Synchronize all, Add a Bank Account.
 */
export const JournalsPage = () => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { _unstableFormatAPIError: formatAPIError } = useAPIErrorHandler();
  const { allowedActions, isLoading: loadingPermissions } = useRBAC(ACTIONS);
  const canSynchronize = Boolean(allowedActions.canSynchronize);
  const canManage = Boolean(allowedActions.canManage);

  const journals = useGetJournalsQuery();
  const defaults = useGetDefaultsQuery();
  const live = useLiveSync(journals.data);

  const [reconnect] = useReconnectMutation();
  const [reauthorize] = useReauthorizeMutation();
  const [reconnecting, setReconnecting] = useState<number | null>(null);
  const onReconnect = async (journal: JournalView, kind: 'reconnect' | 'reauthorize') => {
    const connectionId = journal.connection?.id;
    if (!connectionId) return;
    setReconnecting(connectionId);
    const result =
      kind === 'reconnect'
        ? await reconnect(connectionId)
        : await reauthorize({ connectionId, accountId: journal.onlineAccount?.id ?? undefined });
    if ('error' in result) {
      setReconnecting(null);
      toggleNotification({ type: 'danger', message: formatAPIError(result.error as never) });
      return;
    }
    // The bank's consent page; it comes back to the plugin's callback page.
    window.location.assign(result.data.url);
  };

  if (journals.isLoading || loadingPermissions) return <Page.Loading />;
  if (journals.isError || !journals.data) return <Page.Error />;

  const list = journals.data;
  const syncable = list.some((j) => j.connection && j.connection.state !== 'pending' && j.connection.state !== 'disconnected');
  const developerMode = Boolean(defaults.data?.developerMode);

  const addButton = canManage ? (
    <LinkButton tag={NavLink} to={pluginPath('add')} startIcon={<Plus />} size="S">
      {t('journals.add')}
    </LinkButton>
  ) : null;

  return (
    <Page.Main>
      <Page.Title>{t('journals.title')}</Page.Title>
      <Layouts.Header
        title={t('journals.title')}
        subtitle={t('journals.subtitle')}
        primaryAction={
          <Flex gap={2} wrap="wrap" justifyContent="flex-end">
            {canSynchronize && syncable ? (
              <Button
                variant="secondary"
                size="S"
                startIcon={<ArrowClockwise />}
                loading={live.syncingAll}
                onClick={() => live.synchronizeAll()}
              >
                {t('journals.synchronizeAll')}
              </Button>
            ) : null}
            {addButton}
          </Flex>
        }
      />
      {developerMode && canManage ? (
        <Layouts.Action
          endActions={
            <LinkButton tag={NavLink} to={pluginPath('connections')} variant="tertiary" size="S" startIcon={<Cog />}>
              {t('journals.onlineSynchronization')}
            </LinkButton>
          }
        />
      ) : null}
      <Layouts.Content>
        {list.length === 0 ? (
          <EmptyStateLayout
            content={canManage ? t('journals.empty') : t('journals.emptyReadOnly')}
            action={addButton}
            hasRadius
            shadow="tableShadow"
          />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            {list.map((journal) => (
              <JournalCard
                key={journal.id}
                journal={journal}
                run={journal.connection ? live.running.get(journal.connection.id) : undefined}
                starting={Boolean(journal.connection && live.starting.has(journal.connection.id))}
                canSynchronize={canSynchronize}
                canManage={canManage}
                onSynchronize={live.synchronize}
                onReconnect={onReconnect}
                reconnecting={reconnecting !== null && reconnecting === journal.connection?.id}
              />
            ))}
            <Box paddingTop={2}>
              <Typography variant="pi" textColor="neutral600">
                {t('journals.footnote')}
              </Typography>
            </Box>
          </Flex>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};
