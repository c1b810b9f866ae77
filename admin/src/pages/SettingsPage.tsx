import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Layouts, Page, useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { Check, WarningCircle } from '@strapi/icons';
import { TimeZoneInput, timeZones } from '../components/TimeZoneInput';
import { ToneBadge } from './connections/ToneBadge';
import { EventsSettings } from './settings/EventsSettings';
import { RemindersSettings } from './settings/RemindersSettings';
import type { SettingsView, UpdateSettings } from '../../../shared/contracts/settings';
import { PERMISSIONS } from '../permissions';
import { useGetBankSyncProvidersQuery, useGetBankSyncSettingsQuery, useUpdateSettingsMutation } from '../services/api';
import { useT, type TranslationKey } from '../utils/translate';

type Body = UpdateSettings.Request['body'];
type ProviderDraft = { clientId: string; clientSecret: string; eraseSecret: boolean };
type Draft = {
  developerMode: boolean;
  defaultTimeZone: string;
  frequencyMinutes: number;
  firstFetchDays: number | undefined;
  balanceDrift: 'warn' | 'fail';
  staleBusinessDays: number | undefined;
  providers: Record<string, ProviderDraft>;
};
type FieldErrors = Record<string, string>;

/** Frequencies offered (minutes); the current one is added when it is another. */
const FREQUENCIES = [15, 30, 60, 120, 240, 360, 720, 1_440, 10_080];

const draftOf = (s: SettingsView): Draft => ({
  developerMode: s.developerMode,
  defaultTimeZone: s.defaultTimeZone,
  frequencyMinutes: s.sync.frequencyMinutes,
  firstFetchDays: s.sync.firstFetchDays,
  balanceDrift: s.sync.balanceDrift,
  staleBusinessDays: s.sync.staleBusinessDays,
  providers: Object.fromEntries(
    Object.entries(s.providers).map(([id, p]) => [id, { clientId: p.clientId ?? '', clientSecret: '', eraseSecret: false }]),
  ),
});

/** "Every 15 minutes", "Every 2 hours", "Every day", "Every week": a frequency in words. */
export function useFrequencyWords() {
  const t = useT();
  return (minutes: number) => {
    if (minutes % 10_080 === 0) return t('settings.every.weeks', { n: minutes / 10_080 });
    if (minutes % 1_440 === 0) return t('settings.every.days', { n: minutes / 1_440 });
    if (minutes % 60 === 0) return t('settings.every.hours', { n: minutes / 60 });
    return t('settings.every.minutes', { n: minutes });
  };
}

/** Settings → Bank Sync (permission settings). */
export const SettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.settings}>
    <SettingsLoader />
  </Page.Protect>
);

const SettingsLoader = () => {
  const t = useT();
  const settings = useGetBankSyncSettingsQuery();
  if (settings.isLoading) return <Page.Loading />;
  if (settings.isError || !settings.data) return <Page.Error />;
  return (
    <Page.Main>
      <Page.Title>{t('settings.title')}</Page.Title>
      {/* A fresh form for each version the server answers (after a save, secrets fields empty again). */}
      <SettingsForm key={JSON.stringify(settings.data)} settings={settings.data} />
    </Page.Main>
  );
};

const SettingsForm = ({ settings }: { settings: SettingsView }) => {
  const t = useT();
  const every = useFrequencyWords();
  const { toggleNotification } = useNotification();
  const { _unstableFormatAPIError: formatAPIError } = useAPIErrorHandler();
  const providers = useGetBankSyncProvidersQuery();
  const [update, { isLoading: saving }] = useUpdateSettingsMutation();

  const initial = useMemo(() => draftOf(settings), [settings]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const frequencies = FREQUENCIES.includes(draft.frequencyMinutes)
    ? FREQUENCIES
    : [...FREQUENCIES, draft.frequencyMinutes].sort((a, b) => a - b);
  const providerName = (id: string) => providers.data?.find((p) => p.id === id)?.displayName ?? id;

  const setProvider = (id: string, patch: Partial<ProviderDraft>) =>
    setDraft((d) => ({ ...d, providers: { ...d.providers, [id]: { ...d.providers[id], ...patch } } }));

  /** Only what changed goes to the server; an empty secret field leaves the secret as it is. */
  const changes = (): Body => {
    const body: Body = {};
    if (draft.developerMode !== initial.developerMode) body.developerMode = draft.developerMode;
    if (draft.defaultTimeZone !== initial.defaultTimeZone) body.defaultTimeZone = draft.defaultTimeZone;
    if (draft.frequencyMinutes !== initial.frequencyMinutes) body.frequencyMinutes = draft.frequencyMinutes;
    if (draft.firstFetchDays !== initial.firstFetchDays && draft.firstFetchDays !== undefined) body.firstFetchDays = draft.firstFetchDays;
    if (draft.balanceDrift !== initial.balanceDrift) body.balanceDrift = draft.balanceDrift;
    if (draft.staleBusinessDays !== initial.staleBusinessDays && draft.staleBusinessDays !== undefined)
      body.staleBusinessDays = draft.staleBusinessDays;
    const providerChanges: NonNullable<Body['providers']> = {};
    for (const [id, p] of Object.entries(draft.providers)) {
      const change: { clientId?: string | null; clientSecret?: string | null } = {};
      const clientId = p.clientId.trim();
      if (clientId !== initial.providers[id]?.clientId) change.clientId = clientId || null;
      if (p.eraseSecret) change.clientSecret = null;
      else if (p.clientSecret) change.clientSecret = p.clientSecret;
      if (Object.keys(change).length) providerChanges[id] = change;
    }
    if (Object.keys(providerChanges).length) body.providers = providerChanges;
    return body;
  };

  const check = (): FieldErrors => {
    const found: FieldErrors = {};
    const days = draft.firstFetchDays;
    if (days === undefined || !Number.isInteger(days) || days < 1 || days > 3_650)
      found.firstFetchDays = t('settings.invalid.firstFetchDays');
    const stale = draft.staleBusinessDays;
    if (stale === undefined || !Number.isInteger(stale) || stale < 1 || stale > 60)
      found.staleBusinessDays = t('settings.invalid.staleBusinessDays');
    if (!timeZones(settings.defaultTimeZone).includes(draft.defaultTimeZone)) found.defaultTimeZone = t('settings.invalid.defaultTimeZone');
    for (const [id, p] of Object.entries(draft.providers)) {
      if (p.clientId.trim().length > 255) found[`providers.${id}.clientId`] = t('settings.invalid.clientId');
      if (p.clientSecret.length > 4_096) found[`providers.${id}.clientSecret`] = t('settings.invalid.clientSecret');
    }
    return found;
  };

  /** A 400 names its fields (details.errors[].path): each message goes next to its field, worded here. */
  const fieldErrorsOf = (error: { name?: string; details?: { errors?: Array<{ path?: string[]; message?: string }> } }): FieldErrors => {
    const found: FieldErrors = {};
    for (const e of error.details?.errors ?? []) {
      const path = (e.path ?? []).join('.');
      const field = path.startsWith('providers.') ? path.split('.').slice(-1)[0] : path;
      const key = `settings.invalid.${field}` as TranslationKey;
      found[path] = ['defaultTimeZone', 'frequencyMinutes', 'firstFetchDays', 'staleBusinessDays', 'clientId', 'clientSecret'].includes(
        field,
      )
        ? t(key)
        : (e.message ?? t('settings.invalid.generic'));
    }
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = check();
    setErrors(found);
    if (Object.keys(found).length) return;
    const body = changes();
    if (Object.keys(body).length === 0) {
      toggleNotification({ type: 'info', message: t('settings.nothingChanged') });
      return;
    }
    const result = await update(body);
    if ('error' in result) {
      const error = result.error as { name?: string; details?: { errors?: Array<{ path?: string[]; message?: string }> } };
      const byField = error.name === 'ValidationError' ? fieldErrorsOf(error) : {};
      setErrors(byField);
      toggleNotification({
        type: 'danger',
        message: Object.keys(byField).length ? t('settings.invalid.summary') : formatAPIError(result.error as never),
      });
      return;
    }
    toggleNotification({ type: 'success', message: t('settings.saved') });
  };

  const dirty = Object.keys(changes()).length > 0;

  return (
    <form onSubmit={submit} noValidate>
      <Layouts.Header
        title={t('settings.title')}
        subtitle={t('settings.subtitle')}
        primaryAction={
          <Button type="submit" startIcon={<Check />} loading={saving} disabled={!dirty}>
            {t('common.save')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {!settings.encryptionConfigured ? (
            <Flex role="alert" background="danger100" borderColor="danger200" hasRadius padding={4} gap={3} alignItems="flex-start">
              <Box color="danger600" aria-hidden>
                <WarningCircle />
              </Box>
              <Flex direction="column" alignItems="flex-start" gap={1}>
                <Typography fontWeight="bold" textColor="danger700">
                  {t('settings.encryption.missingTitle')}
                </Typography>
                <Typography textColor="neutral800">{t('settings.encryption.missing')}</Typography>
              </Flex>
            </Flex>
          ) : null}

          <Section title={t('settings.section.general')}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Field.Root name="developerMode" hint={t('settings.developerMode.hint')} error={errors.developerMode}>
                <Field.Label>{t('settings.developerMode')}</Field.Label>
                <Toggle
                  onLabel={t('common.on')}
                  offLabel={t('common.off')}
                  checked={draft.developerMode}
                  onChange={(e) => setDraft((d) => ({ ...d, developerMode: e.target.checked }))}
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Box>
                <Typography variant="sigma" textColor="neutral600" tag="p">
                  {t('settings.encryption')}
                </Typography>
                <Flex gap={2} paddingTop={2} alignItems="center">
                  <ToneBadge variant={settings.encryptionConfigured ? 'success' : 'danger'}>
                    {settings.encryptionConfigured ? t('settings.encryption.set') : t('settings.encryption.notSet')}
                  </ToneBadge>
                </Flex>
                <Typography tag="p" variant="pi" textColor="neutral600" paddingTop={1}>
                  {t('settings.encryption.hint')}
                </Typography>
              </Box>
            </Grid.Item>
          </Section>

          <Section title={t('settings.section.defaults')} description={t('settings.section.defaultsHint')}>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              <Field.Root name="frequencyMinutes" hint={t('settings.frequency.hint')} error={errors.frequencyMinutes}>
                <Field.Label>{t('settings.frequency')}</Field.Label>
                <SingleSelect
                  value={String(draft.frequencyMinutes)}
                  onChange={(value) => setDraft((d) => ({ ...d, frequencyMinutes: Number(value) }))}
                >
                  {frequencies.map((m) => (
                    <SingleSelectOption key={m} value={String(m)}>
                      {every(m)}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              <Field.Root name="firstFetchDays" hint={t('settings.firstFetchDays.hint')} error={errors.firstFetchDays}>
                <Field.Label>{t('settings.firstFetchDays')}</Field.Label>
                <NumberInput
                  value={draft.firstFetchDays}
                  step={1}
                  onValueChange={(value) => setDraft((d) => ({ ...d, firstFetchDays: value }))}
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              <Field.Root name="defaultTimeZone" hint={t('settings.timeZone.hint')} error={errors.defaultTimeZone}>
                <Field.Label>{t('settings.timeZone')}</Field.Label>
                <TimeZoneInput
                  value={draft.defaultTimeZone}
                  onChange={(zone) => setDraft((d) => ({ ...d, defaultTimeZone: zone }))}
                  noneFound={t('settings.timeZone.none')}
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
          </Section>

          <Section title={t('settings.section.checks')} description={t('settings.section.checksHint')}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Field.Root name="balanceDrift" hint={t('settings.balanceDrift.hint')} error={errors.balanceDrift}>
                <Field.Label>{t('settings.balanceDrift')}</Field.Label>
                <SingleSelect
                  value={draft.balanceDrift}
                  onChange={(value) => setDraft((d) => ({ ...d, balanceDrift: value === 'fail' ? 'fail' : 'warn' }))}
                >
                  <SingleSelectOption value="warn">{t('settings.balanceDrift.warn')}</SingleSelectOption>
                  <SingleSelectOption value="fail">{t('settings.balanceDrift.fail')}</SingleSelectOption>
                </SingleSelect>
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Field.Root name="staleBusinessDays" hint={t('settings.staleBusinessDays.hint')} error={errors.staleBusinessDays}>
                <Field.Label>{t('settings.staleBusinessDays')}</Field.Label>
                <NumberInput
                  value={draft.staleBusinessDays}
                  step={1}
                  onValueChange={(value) => setDraft((d) => ({ ...d, staleBusinessDays: value }))}
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
          </Section>

          {Object.entries(draft.providers).map(([id, p]) => {
            const source = settings.providers[id]?.clientSecretSource ?? null;
            const secretSet = source === 'settings';
            const idError = errors[`providers.${id}.clientId`];
            const secretError = errors[`providers.${id}.clientSecret`];
            return (
              <Section
                key={id}
                title={t('settings.provider.title', { provider: providerName(id) })}
                description={t('settings.provider.hint')}
              >
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Field.Root name={`providers.${id}.clientId`} error={idError} hint={t('settings.clientId.hint')}>
                    <Field.Label>{t('settings.clientId')}</Field.Label>
                    <TextInput value={p.clientId} autoComplete="off" onChange={(e) => setProvider(id, { clientId: e.target.value })} />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Field.Root
                    name={`providers.${id}.clientSecret`}
                    error={secretError}
                    hint={
                      !settings.encryptionConfigured
                        ? t('settings.clientSecret.noKey')
                        : p.eraseSecret
                          ? t('settings.clientSecret.willErase')
                          : secretSet
                            ? t('settings.clientSecret.hintSet')
                            : source === 'configuration'
                              ? t('settings.clientSecret.hintFromConfig')
                              : t('settings.clientSecret.hintNotSet')
                    }
                  >
                    <Field.Label
                      action={
                        <Badge variant={secretSet && !p.eraseSecret ? 'success' : 'secondary'} size="S" marginLeft={2}>
                          {secretSet && !p.eraseSecret
                            ? t('settings.clientSecret.set')
                            : source === 'configuration'
                              ? t('settings.clientSecret.fromConfig')
                              : t('settings.clientSecret.notSet')}
                        </Badge>
                      }
                    >
                      {t('settings.clientSecret')}
                    </Field.Label>
                    <TextInput
                      type="password"
                      autoComplete="new-password"
                      value={p.clientSecret}
                      disabled={!settings.encryptionConfigured || p.eraseSecret}
                      placeholder={secretSet ? t('settings.clientSecret.placeholderSet') : undefined}
                      onChange={(e) => setProvider(id, { clientSecret: e.target.value })}
                    />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                  {secretSet ? (
                    <Box paddingTop={2}>
                      <Button
                        type="button"
                        size="S"
                        variant={p.eraseSecret ? 'tertiary' : 'danger-light'}
                        onClick={() => setProvider(id, { eraseSecret: !p.eraseSecret, clientSecret: '' })}
                      >
                        {p.eraseSecret ? t('settings.clientSecret.keep') : t('settings.clientSecret.erase')}
                      </Button>
                    </Box>
                  ) : null}
                </Grid.Item>
              </Section>
            );
          })}
          <RemindersSettings reminders={settings.reminders} />
          <EventsSettings />
        </Flex>
      </Layouts.Content>
    </form>
  );
};

const Section = ({ title, description, children }: { title: string; description?: string; children: ReactNode }) => (
  <Box
    tag="section"
    background="neutral0"
    hasRadius
    shadow="filterShadow"
    paddingTop={6}
    paddingBottom={6}
    paddingLeft={7}
    paddingRight={7}
  >
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {description ? (
          <Typography variant="pi" textColor="neutral600">
            {description}
          </Typography>
        ) : null}
      </Flex>
      <Grid.Root gap={5}>{children}</Grid.Root>
    </Flex>
  </Box>
);
