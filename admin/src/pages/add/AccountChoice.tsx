import { NavLink } from 'react-router-dom';
import { Box, Field, Flex, Grid, Link, Radio, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { TimeZoneInput } from '../../components/TimeZoneInput';
import type { OnlineAccountView } from '../../../../shared/contracts/connect';
import type { JournalView, StatementPeriodicity } from '../../../../shared/contracts/journals';
import { useFormat } from '../../utils/format';
import { useT, type TranslationKey } from '../../utils/translate';
import { periodicityKey } from '../../utils/wording';

export type Action = 'create' | 'link' | 'none';

/** What the admin chose for one account on the callback page. */
export interface Choice {
  action: Action;
  name: string;
  code: string;
  timeZone: string;
  periodicity: StatementPeriodicity;
  journalId: number | null;
  firstFetchDate: string;
}

export type ChoiceErrors = Partial<Record<'name' | 'code' | 'journalId' | 'firstFetchDate', string>>;

const PERIODICITIES: StatementPeriodicity[] = ['month', 'bimonthly', 'week', 'day', 'none'];

interface Props {
  account: OnlineAccountView;
  /** The journal it already feeds (a reconnection): nothing to choose. */
  linkedJournal: JournalView | null;
  choice: Choice;
  errors: ChoiceErrors;
  /** Journals it may be linked to: no online account yet, same currency. */
  candidates: JournalView[];
  today: string;
  onChange: (patch: Partial<Choice>) => void;
}

/**
 * One account found at the bank: create a journal for it (name, code, statement periodicity,
 * time zone), link it to an existing journal, or leave it out; and from which day to fetch.
 */
export const AccountChoice = ({ account, linkedJournal, choice, errors, candidates, today, onChange }: Props) => {
  const t = useT();
  const format = useFormat();
  const id = `account-${account.id}`;
  const title = account.name ?? account.accountNumber ?? `#${account.id}`;
  const err = (key: keyof ChoiceErrors) => (errors[key] ? t(errors[key] as TranslationKey) : undefined);

  return (
    <Box tag="section" aria-labelledby={`${id}-title`} background="neutral0" shadow="tableShadow" hasRadius padding={6}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="flex-start" wrap="wrap" gap={2}>
          <Box>
            <Typography id={`${id}-title`} tag="h3" variant="delta">
              {title}
            </Typography>
            <Typography tag="p" variant="pi" textColor="neutral600">
              {[account.accountNumber !== title ? account.accountNumber : null, account.currency].filter(Boolean).join(' · ')}
            </Typography>
          </Box>
          {account.balance !== null && account.currency ? (
            <Box textAlign="right">
              <Typography tag="p" variant="pi" textColor="neutral600">
                {t('callback.account.balance')}
              </Typography>
              <Typography fontWeight="semiBold">{format.money(account.balance, account.currency)}</Typography>
            </Box>
          ) : null}
        </Flex>

        {linkedJournal ? (
          <Typography tag="p">
            {t('callback.account.alreadyLinked')}{' '}
            <Link tag={NavLink} to={`../journals/${linkedJournal.id}`}>
              {linkedJournal.name} ({linkedJournal.code})
            </Link>
          </Typography>
        ) : !account.currency ? (
          <Typography tag="p" textColor="danger600">
            {t('callback.account.noCurrency')}
          </Typography>
        ) : (
          <>
            <Box>
              <Typography id={`${id}-action`} tag="p" fontWeight="semiBold" paddingBottom={2}>
                {t('callback.action.label')}
              </Typography>
              <Radio.Group
                aria-labelledby={`${id}-action`}
                value={choice.action}
                onValueChange={(value) => onChange({ action: value as Action })}
                name={`${id}-action`}
              >
                <Flex gap={6} wrap="wrap">
                  <Radio.Item value="create">{t('callback.action.create')}</Radio.Item>
                  <Radio.Item value="link" disabled={candidates.length === 0}>
                    {t('callback.action.link')}
                  </Radio.Item>
                  <Radio.Item value="none">{t('callback.action.none')}</Radio.Item>
                </Flex>
              </Radio.Group>
              {candidates.length === 0 ? (
                <Typography tag="p" variant="pi" textColor="neutral600" paddingTop={2}>
                  {t('callback.link.noneAvailable', { currency: account.currency })}
                </Typography>
              ) : null}
            </Box>

            {choice.action === 'none' ? (
              <Typography tag="p" textColor="neutral600">
                {t('callback.action.none.hint')}
              </Typography>
            ) : (
              <Grid.Root gap={4}>
                {choice.action === 'create' ? (
                  <>
                    <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                      <Field.Root name={`${id}-name`} error={err('name')} required>
                        <Field.Label>{t('callback.journal.name')}</Field.Label>
                        <TextInput value={choice.name} maxLength={120} onChange={(e) => onChange({ name: e.target.value })} />
                        <Field.Error />
                      </Field.Root>
                    </Grid.Item>
                    <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                      <Field.Root name={`${id}-code`} error={err('code')} hint={t('callback.journal.code.hint')} required>
                        <Field.Label>{t('callback.journal.code')}</Field.Label>
                        <TextInput value={choice.code} maxLength={16} onChange={(e) => onChange({ code: e.target.value })} />
                        <Field.Error />
                        <Field.Hint />
                      </Field.Root>
                    </Grid.Item>
                    <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                      <Field.Root name={`${id}-periodicity`} hint={t('callback.journal.periodicity.hint')}>
                        <Field.Label>{t('callback.journal.periodicity')}</Field.Label>
                        <SingleSelect
                          value={choice.periodicity}
                          onChange={(value) => onChange({ periodicity: value as StatementPeriodicity })}
                        >
                          {PERIODICITIES.map((p) => (
                            <SingleSelectOption key={p} value={p}>
                              {t(periodicityKey(p))}
                            </SingleSelectOption>
                          ))}
                        </SingleSelect>
                        <Field.Hint />
                      </Field.Root>
                    </Grid.Item>
                    <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                      <Field.Root name={`${id}-timezone`} hint={t('callback.journal.timeZone.hint')}>
                        <Field.Label>{t('callback.journal.timeZone')}</Field.Label>
                        <TimeZoneInput
                          value={choice.timeZone}
                          onChange={(timeZone) => onChange({ timeZone })}
                          noneFound={t('callback.journal.timeZone.none')}
                        />
                        <Field.Hint />
                      </Field.Root>
                    </Grid.Item>
                  </>
                ) : (
                  <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                    <Field.Root name={`${id}-journal`} error={err('journalId')} required>
                      <Field.Label>{t('callback.link.journal')}</Field.Label>
                      <SingleSelect
                        placeholder={t('callback.link.placeholder')}
                        value={choice.journalId ?? undefined}
                        onChange={(value) => onChange({ journalId: Number(value) })}
                      >
                        {candidates.map((journal) => (
                          <SingleSelectOption key={journal.id} value={journal.id}>
                            {`${journal.name} (${journal.code})`}
                          </SingleSelectOption>
                        ))}
                      </SingleSelect>
                      <Field.Error />
                    </Field.Root>
                  </Grid.Item>
                )}
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Field.Root name={`${id}-from`} error={err('firstFetchDate')} hint={t('callback.from.hint')} required>
                    <Field.Label>{t('callback.from')}</Field.Label>
                    <TextInput
                      type="date"
                      value={choice.firstFetchDate}
                      max={today}
                      onChange={(e) => onChange({ firstFetchDate: e.target.value })}
                    />
                    <Field.Error />
                    <Field.Hint />
                  </Field.Root>
                </Grid.Item>
              </Grid.Root>
            )}
          </>
        )}
      </Flex>
    </Box>
  );
};
