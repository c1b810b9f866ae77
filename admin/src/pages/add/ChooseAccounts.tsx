import { useMemo, useState } from 'react';
import { NavLink, useNavigate } from 'react-router-dom';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { Box, Button, Flex, Grid, LinkButton, Loader, Typography } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import type { OnlineAccountView } from '../../../../shared/contracts/connect';
import type { ConnectionView } from '../../../../shared/contracts/connections';
import type { JournalView } from '../../../../shared/contracts/journals';
import {
  useDisconnectMutation,
  useGetAccountsQuery,
  useGetDefaultsQuery,
  useGetJournalsQuery,
  useSelectAccountsMutation,
  useSynchronizeConnectionMutation,
  useUpdateConnectionMutation,
} from '../../services/api';
import { useGetBankSyncProvidersQuery } from '../../services/api';
import { useT } from '../../utils/translate';
import { AutoSyncField, FrequencyField } from '../connections/ScheduleFields';
import { useRunResult } from '../connections/runWords';
import { AccountChoice, type Choice, type ChoiceErrors } from './AccountChoice';
import { apiError } from './apiError';
import { Notice } from './Notice';
import { addDays, CODE_PATTERN, proposeCode, proposeName, todayIn } from './proposals';
import { SyncProgress } from './SyncProgress';

type Phase = 'choose' | 'saving' | 'syncing';

/** The first proposals: a new journal per account, with a free code, monthly statements, the default zone and fetch window. */
function initialChoices(
  accounts: OnlineAccountView[],
  connection: ConnectionView,
  journals: JournalView[],
  defaults: { defaultTimeZone: string; firstFetchDays: number },
  today: string,
): Record<number, Choice> {
  const taken = new Set(journals.map((j) => j.code.toUpperCase()));
  const choices: Record<number, Choice> = {};
  for (const account of accounts) {
    const code = proposeCode(connection.institutionName, taken);
    taken.add(code.toUpperCase());
    choices[account.id] = {
      action: 'create',
      name: proposeName(connection.institutionName, account),
      code,
      timeZone: defaults.defaultTimeZone,
      periodicity: 'month',
      journalId: null,
      firstFetchDate: account.firstFetchDate ?? addDays(today, -defaults.firstFetchDays),
    };
  }
  return choices;
}

/** Checks the choices as the server will (codes, journals, dates), so the admin sees each problem beside its field. */
function validate(
  accounts: OnlineAccountView[],
  choices: Record<number, Choice>,
  journals: JournalView[],
  today: string,
): Record<number, ChoiceErrors> {
  const errors: Record<number, ChoiceErrors> = {};
  const existing = new Set(journals.map((j) => j.code.toUpperCase()));
  const codes = new Map<string, number>();
  const linked = new Map<number, number>();
  for (const account of accounts) {
    const c = choices[account.id];
    if (c.action === 'create') codes.set(c.code.trim().toUpperCase(), (codes.get(c.code.trim().toUpperCase()) ?? 0) + 1);
    if (c.action === 'link' && c.journalId) linked.set(c.journalId, (linked.get(c.journalId) ?? 0) + 1);
  }
  for (const account of accounts) {
    const c = choices[account.id];
    const e: ChoiceErrors = {};
    if (c.action === 'create') {
      const code = c.code.trim();
      if (!c.name.trim()) e.name = 'callback.error.name.required';
      if (!code) e.code = 'callback.error.code.required';
      else if (!CODE_PATTERN.test(code)) e.code = 'callback.error.code.format';
      else if (existing.has(code.toUpperCase())) e.code = 'callback.error.code.taken';
      else if ((codes.get(code.toUpperCase()) ?? 0) > 1) e.code = 'callback.error.code.twice';
    }
    if (c.action === 'link') {
      if (!c.journalId) e.journalId = 'callback.error.journal.required';
      else if ((linked.get(c.journalId) ?? 0) > 1) e.journalId = 'callback.error.journal.twice';
    }
    if (c.action !== 'none') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(c.firstFetchDate)) e.firstFetchDate = 'callback.error.from.required';
      else if (c.firstFetchDate > today) e.firstFetchDate = 'callback.error.from.future';
    }
    if (Object.keys(e).length) errors[account.id] = e;
  }
  return errors;
}

interface Props {
  connection: ConnectionView;
  /** The accounts the completion found (the list is then read again, so a link made meanwhile shows). */
  found: OnlineAccountView[];
}

/**
 * Add a Bank Account, step 3: per account found, create a journal, link an existing one or
 * leave it out; the connection's frequency and auto-sync; Finish saves the choices, starts the
 * first synchronization with its progress, and ends on the new journal's statements.
 */
export const ChooseAccounts = ({ connection, found }: Props) => {
  const t = useT();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const { _unstableFormatAPIError: formatAPIError } = useAPIErrorHandler();
  const runResult = useRunResult();

  const accountsQuery = useGetAccountsQuery(connection.id);
  const journalsQuery = useGetJournalsQuery();
  const defaultsQuery = useGetDefaultsQuery();
  const providers = useGetBankSyncProvidersQuery();
  const [selectAccounts] = useSelectAccountsMutation();
  const [updateConnection] = useUpdateConnectionMutation();
  const [synchronize] = useSynchronizeConnectionMutation();
  const [disconnect, disconnecting] = useDisconnectMutation();

  const accounts = accountsQuery.data ?? found;
  const journals = useMemo(() => journalsQuery.data ?? [], [journalsQuery.data]);
  const defaults = defaultsQuery.data;
  const today = todayIn(defaults?.defaultTimeZone);
  const institution = connection.institutionName ?? connection.institutionId ?? connection.providerId;
  const providerName = providers.data?.find((p) => p.id === connection.providerId)?.displayName ?? connection.providerId;

  const [initial, setInitial] = useState<Record<number, Choice> | null>(null);
  const [edits, setEdits] = useState<Record<number, Partial<Choice>>>({});
  const [errors, setErrors] = useState<Record<number, ChoiceErrors>>({});
  const [frequency, setFrequency] = useState<number>(connection.frequencyMinutes);
  const [autoSync, setAutoSync] = useState<boolean>(connection.autoSync);
  const [phase, setPhase] = useState<Phase>('choose');

  // The proposals are made once, when the journals and defaults are known (codes must be free).
  if (!initial && journalsQuery.data && defaults) {
    setInitial(initialChoices(found, connection, journalsQuery.data, defaults, today));
  }

  const linkedJournal = (account: OnlineAccountView) =>
    account.journalId ? (journals.find((j) => j.id === account.journalId) ?? null) : null;
  // Accounts already feeding a journal (a reconnection) and accounts without a currency have nothing to choose.
  const open = accounts.filter((a) => !a.journalId && a.currency);
  const choiceOf = (account: OnlineAccountView): Choice => ({ ...(initial?.[account.id] as Choice), ...edits[account.id] });
  const candidates = (account: OnlineAccountView) => journals.filter((j) => !j.onlineAccount && j.currency === account.currency);

  const remove = async () => {
    try {
      await disconnect(connection.id).unwrap();
      toggleNotification({ type: 'success', message: t('callback.removed') });
      navigate('../add');
    } catch (e) {
      toggleNotification({ type: 'danger', message: formatAPIError(e as Parameters<typeof formatAPIError>[0]) });
    }
  };

  const firstSync = async (journalId: number) => {
    setPhase('syncing');
    try {
      const run = await synchronize({ connectionId: connection.id }).unwrap();
      const result = runResult(run);
      toggleNotification({ type: result.type, message: result.message });
    } catch (e) {
      const error = apiError(e);
      // 409: a run was already going (the scheduler took the new connection); its journals fill as it ends.
      toggleNotification({
        type: error.status === 409 ? 'info' : 'danger',
        message: error.status === 409 ? t('callback.sync.already') : formatAPIError(e as Parameters<typeof formatAPIError>[0]),
      });
    }
    navigate(`../journals/${journalId}`);
  };

  const finish = async () => {
    if (!initial) return;
    const choices = Object.fromEntries(open.map((a) => [a.id, choiceOf(a)]));
    const problems = validate(open, choices, journals, today);
    setErrors(problems);
    if (Object.keys(problems).length) {
      toggleNotification({ type: 'warning', message: t('callback.error.check') });
      return;
    }
    setPhase('saving');
    try {
      let result = accounts;
      if (open.length) {
        result = await selectAccounts({
          connectionId: connection.id,
          frequencyMinutes: frequency,
          accounts: open.map((a) => {
            const c = choices[a.id];
            if (c.action === 'none') return { accountId: a.id, action: 'none' as const };
            const from = { firstFetchDate: c.firstFetchDate };
            if (c.action === 'link') return { accountId: a.id, action: 'link' as const, journalId: c.journalId as number, ...from };
            return {
              accountId: a.id,
              action: 'create' as const,
              journal: { name: c.name.trim(), code: c.code.trim(), timeZone: c.timeZone, statementPeriodicity: c.periodicity },
              ...from,
            };
          }),
        }).unwrap();
      }
      if (!autoSync || (!open.length && frequency !== connection.frequencyMinutes)) {
        await updateConnection({ id: connection.id, autoSync, frequencyMinutes: frequency }).unwrap();
      }
      // The journal to end on: the first one the choices feed, in the order shown.
      const target = accounts.map((a) => result.find((r) => r.id === a.id)?.journalId).find((id): id is number => Boolean(id));
      if (!target) {
        toggleNotification({ type: 'info', message: t('callback.done.none') });
        navigate('..');
        return;
      }
      await firstSync(target);
    } catch (e) {
      const error = apiError(e);
      setPhase('choose');
      if (error.status === 409 && error.field === 'code') {
        // Another admin took the code meanwhile: mark it beside the field.
        const code = /"([^"]+)"/.exec(error.message ?? '')?.[1];
        const account = open.find((a) => choiceOf(a).action === 'create' && choiceOf(a).code.trim() === code);
        if (account) setErrors((all) => ({ ...all, [account.id]: { ...all[account.id], code: 'callback.error.code.taken' } }));
        toggleNotification({ type: 'warning', message: t('callback.error.check') });
        journalsQuery.refetch();
        return;
      }
      toggleNotification({ type: 'danger', message: formatAPIError(e as Parameters<typeof formatAPIError>[0]) });
    }
  };

  if (phase === 'syncing') return <SyncProgress connectionId={connection.id} title={t('callback.sync.title', { institution })} />;

  if (!initial) {
    return (
      <Flex justifyContent="center" padding={8}>
        <Loader>{t('callback.working')}</Loader>
      </Flex>
    );
  }

  if (accounts.length === 0) {
    return (
      <Notice
        variant="warning"
        title={t('callback.noAccounts.title', { institution })}
        actions={
          <>
            <LinkButton tag={NavLink} to="../add">
              {t('callback.startAgain')}
            </LinkButton>
            <Button variant="danger-light" startIcon={<Trash />} loading={disconnecting.isLoading} onClick={remove}>
              {t('callback.remove')}
            </Button>
          </>
        }
      >
        <Typography tag="p">{t('callback.noAccounts.text', { provider: providerName })}</Typography>
      </Notice>
    );
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Notice variant="success" title={t('callback.connected.title', { institution })}>
        <Typography tag="p">{t('callback.connected.text', { count: accounts.length, provider: providerName })}</Typography>
      </Notice>

      <Typography tag="h2" variant="beta">
        {t('callback.accounts.title')}
      </Typography>
      {accounts.map((account) => (
        <AccountChoice
          key={account.id}
          account={account}
          linkedJournal={linkedJournal(account)}
          choice={choiceOf(account)}
          errors={errors[account.id] ?? {}}
          candidates={candidates(account)}
          today={today}
          onChange={(patch) => {
            setEdits((all) => ({ ...all, [account.id]: { ...all[account.id], ...patch } }));
            if (errors[account.id]) {
              setErrors((all) => {
                const { [account.id]: _cleared, ...rest } = all;
                return rest;
              });
            }
          }}
        />
      ))}

      <Box tag="section" aria-labelledby="connection-settings" background="neutral0" shadow="tableShadow" hasRadius padding={6}>
        <Typography id="connection-settings" tag="h2" variant="delta">
          {t('callback.settings.title')}
        </Typography>
        <Grid.Root gap={4} paddingTop={4}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <FrequencyField value={frequency} current={connection.frequencyMinutes} onChange={setFrequency} />
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <AutoSyncField checked={autoSync} onChange={setAutoSync} />
          </Grid.Item>
        </Grid.Root>
      </Box>

      <Flex justifyContent="flex-end" gap={2}>
        <Button size="L" loading={phase === 'saving'} onClick={finish}>
          {t('callback.finish')}
        </Button>
      </Flex>
    </Flex>
  );
};
