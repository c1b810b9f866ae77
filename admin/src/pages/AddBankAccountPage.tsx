import { useCallback, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import { BackButton, Layouts, Page, useDebounce } from '@strapi/strapi/admin';
import {
  Alert,
  Box,
  Flex,
  Loader,
  Searchbar,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import type { InstitutionView } from '../../../shared/contracts/connect';
import { PERMISSIONS } from '../permissions';
import { useStartConnectMutation } from '../services/api';
import { useGetBankSyncProvidersQuery } from '../services/api';
import { useT } from '../utils/translate';
import { apiError, type ApiErrorInfo } from './add/apiError';
import { ConnectFailure } from './add/ConnectFailure';
import { ProviderInstitutions, type ProviderSummary } from './add/ProviderInstitutions';
import { Steps } from './add/Steps';

const ALL = 'all';

/** Country names in the admin's language ("BE" -> "Belgique"). */
function useCountryName() {
  const { locale } = useIntl();
  return useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([locale], { type: 'region' });
    } catch {
      names = null;
    }
    return (code: string | null) => (code ? (names?.of(code.toUpperCase()) ?? code) : '—');
  }, [locale]);
}

/**
 * Add a Bank Account, step 1 (as in Odoo): find the bank among every provider's institutions
 * (name, country, the provider serving it, beta or deprecated), then Connect: a pending
 * connection is made and the admin goes to the provider's consent page, which sends them back
 * to the callback page (steps 2 and 3).
 */
const AddBankAccount = () => {
  const t = useT();
  const countryName = useCountryName();
  const providers = useGetBankSyncProvidersQuery();
  const [search, setSearch] = useState('');
  const [country, setCountry] = useState(ALL);
  const debounced = useDebounce(search.trim(), 300);
  const [summaries, setSummaries] = useState<Record<string, ProviderSummary>>({});
  const [startConnect] = useStartConnectMutation();
  const [connecting, setConnecting] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ error: ApiErrorInfo; institution: string } | null>(null);

  const onSummary = useCallback((providerId: string, summary: ProviderSummary) => {
    setSummaries((current) => {
      const previous = current[providerId];
      if (
        previous &&
        previous.count === summary.count &&
        previous.loading === summary.loading &&
        previous.failed === summary.failed &&
        previous.countries.join() === summary.countries.join()
      )
        return current;
      return { ...current, [providerId]: summary };
    });
  }, []);

  const connect = async (institution: InstitutionView, provider: { id: string; displayName: string }) => {
    setConnecting(`${provider.id}:${institution.id}`);
    setFailure(null);
    try {
      const { url } = await startConnect({
        providerId: provider.id,
        institutionId: institution.id,
        institutionName: institution.name,
        ...(institution.country ? { institutionCountry: institution.country } : {}),
      }).unwrap();
      // Step 2: the provider's consent page; it sends the admin back to the callback page.
      window.location.assign(url);
    } catch (error) {
      setFailure({ error: apiError(error), institution: institution.name });
      setConnecting(null);
    }
  };

  const list = providers.data ?? [];
  const countries = [...new Set(Object.values(summaries).flatMap((s) => s.countries))].sort((a, b) =>
    countryName(a).localeCompare(countryName(b)),
  );
  const shown = Object.values(summaries).reduce((n, s) => n + s.count, 0);
  const loading = providers.isLoading || list.some((p) => summaries[p.id]?.loading ?? true);
  const countryFilter = country === ALL ? '' : country;

  return (
    <Page.Main>
      <Page.Title>{t('add.title')}</Page.Title>
      <Layouts.Header navigationAction={<BackButton fallback=".." />} title={t('add.title')} subtitle={t('add.subtitle')} />
      <Layouts.Content>
        <Steps current={1} />
        {failure ? (
          <Box paddingBottom={4}>
            <ConnectFailure error={failure.error} institution={failure.institution} onClose={() => setFailure(null)} />
          </Box>
        ) : null}
        {providers.error ? (
          <Alert variant="danger" closeLabel={t('add.close')} title={t('add.providers.failed')}>
            {t('add.retryLater')}
          </Alert>
        ) : (
          <Box background="neutral0" shadow="tableShadow" hasRadius padding={6}>
            <Flex gap={4} wrap="wrap" alignItems="flex-end" paddingBottom={4}>
              <Box flex="2 1 280px">
                <Searchbar
                  name="search"
                  value={search}
                  onChange={(e) => setSearch(e.target.value)}
                  onClear={() => setSearch('')}
                  clearLabel={t('add.search.clear')}
                  placeholder={t('add.search.placeholder')}
                >
                  {t('add.search.label')}
                </Searchbar>
              </Box>
              <Box flex="1 1 200px">
                <SingleSelect
                  aria-label={t('add.country.label')}
                  placeholder={t('add.country.label')}
                  value={country}
                  onChange={(value) => setCountry(String(value))}
                >
                  <SingleSelectOption value={ALL}>{t('add.country.all')}</SingleSelectOption>
                  {countries.map((code) => (
                    <SingleSelectOption key={code} value={code}>
                      {countryName(code)}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Box>
            </Flex>
            <Box paddingBottom={2} aria-live="polite">
              <Typography variant="pi" textColor="neutral600">
                {loading ? t('add.search.loading') : t('add.search.count', { count: shown })}
              </Typography>
            </Box>
            <Table colCount={4} rowCount={shown + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('add.column.institution')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('add.column.country')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('add.column.provider')}</Typography>
                  </Th>
                  <Th>
                    <VisuallyHidden>{t('add.column.actions')}</VisuallyHidden>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {list.map((provider) => (
                  <ProviderInstitutions
                    key={provider.id}
                    provider={provider}
                    search={debounced}
                    country={countryFilter}
                    countryName={countryName}
                    connecting={connecting}
                    onConnect={connect}
                    onSummary={onSummary}
                  />
                ))}
              </Tbody>
            </Table>
            {loading && shown === 0 ? (
              <Flex justifyContent="center" padding={6}>
                <Loader small>{t('add.search.loading')}</Loader>
              </Flex>
            ) : null}
            {!loading && shown === 0 ? (
              <Box padding={6}>
                <Typography tag="p" textAlign="center">
                  {t('add.search.none')}
                </Typography>
              </Box>
            ) : null}
          </Box>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export const AddBankAccountPage = () => (
  <Page.Protect permissions={PERMISSIONS.manageConnections}>
    <AddBankAccount />
  </Page.Protect>
);
