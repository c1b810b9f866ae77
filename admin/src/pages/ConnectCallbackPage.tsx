import { useEffect, useMemo, useState } from 'react';
import { NavLink, useNavigate, useSearchParams } from 'react-router-dom';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Box, Flex, LinkButton, Loader, Typography } from '@strapi/design-system';
import type { CompleteConnect } from '../../../shared/contracts/connect';
import { PERMISSIONS } from '../permissions';
import { useCompleteConnectMutation } from '../services/api';
import { useT } from '../utils/translate';
import { apiError, type ApiErrorInfo } from './add/apiError';
import { ChooseAccounts } from './add/ChooseAccounts';
import { CompletionFailed } from './add/CompletionFailed';
import { Notice } from './add/Notice';
import { Steps } from './add/Steps';

type Completed = CompleteConnect.Response['data'];

/**
 * Completions already sent in this page load, by state: a state is single use, and the route
 * may be mounted more than once (React's strict mode, a re-render of the router).
 */
const completions = new Map<string, Promise<Completed>>();

type Outcome = { status: 'working' } | { status: 'done'; data: Completed } | { status: 'failed'; error: ApiErrorInfo };

/** Opened without the bank's answer (no state): nothing to complete; say so and lead back. */
const NothingToComplete = () => {
  const t = useT();
  return (
    <Notice
      title={t('callback.empty.title')}
      actions={
        <>
          <LinkButton tag={NavLink} to="../add">
            {t('callback.toAdd')}
          </LinkButton>
          <LinkButton tag={NavLink} to=".." variant="tertiary">
            {t('callback.toJournals')}
          </LinkButton>
        </>
      }
    >
      <Typography tag="p">{t('callback.empty.text')}</Typography>
    </Notice>
  );
};

/**
 * Where the provider sends the admin back after consent (Add a Bank Account, steps 2 and 3):
 * completes the connection with what the provider sent, then lets the admin choose, per
 * account found, to create a journal, link an existing one or leave it out, and starts the
 * first synchronization.
 */
const ConnectCallback = () => {
  const t = useT();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const params = useMemo(() => Object.fromEntries(searchParams.entries()), [searchParams]);
  const state = params.state ?? '';
  const [complete] = useCompleteConnectMutation();
  const [outcome, setOutcome] = useState<Outcome>({ status: 'working' });

  useEffect(() => {
    if (!state) return;
    let live = true;
    if (!completions.has(state)) completions.set(state, complete({ state, params }).unwrap());
    completions.get(state)!.then(
      (data) => live && setOutcome({ status: 'done', data }),
      (error) => live && setOutcome({ status: 'failed', error: apiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [state, params, complete]);

  // The connection's id is the first part of the state (`<id>.<secret>`).
  const connectionId = Number(state.split('.')[0]) || null;

  let content;
  if (!state) content = <NothingToComplete />;
  else if (outcome.status === 'working')
    content = (
      <Flex justifyContent="center" padding={8}>
        <Loader>{t('callback.working')}</Loader>
      </Flex>
    );
  else if (outcome.status === 'failed')
    content = <CompletionFailed error={outcome.error} connectionId={connectionId} onRemoved={() => navigate('../add')} />;
  else content = <ChooseAccounts connection={outcome.data.connection} found={outcome.data.accounts} />;

  return (
    <Page.Main>
      <Page.Title>{t('add.title')}</Page.Title>
      <Layouts.Header title={t('add.title')} subtitle={state ? t('callback.subtitle') : undefined} />
      <Layouts.Content>
        <Steps current={outcome.status === 'done' ? 3 : 2} />
        <Box>{content}</Box>
      </Layouts.Content>
    </Page.Main>
  );
};

export const ConnectCallbackPage = () => (
  <Page.Protect permissions={PERMISSIONS.manageConnections}>
    <ConnectCallback />
  </Page.Protect>
);
