import { useEffect } from 'react';
import { Button, Flex, Td, Tr, Typography } from '@strapi/design-system';
import type { InstitutionView } from '../../../../shared/contracts/connect';
import { useSearchInstitutionsQuery } from '../../services/api';
import { useT } from '../../utils/translate';
import { apiError } from './apiError';
import { InstitutionBadges } from './InstitutionBadges';

export interface ProviderSummary {
  /** Institutions shown for the current search and country. */
  count: number;
  /** Every country the provider serves (from its unfiltered list). */
  countries: string[];
  loading: boolean;
  failed: boolean;
}

interface Props {
  provider: { id: string; displayName: string };
  search: string;
  country: string;
  countryName: (code: string | null) => string;
  connecting: string | null;
  onConnect: (institution: InstitutionView, provider: { id: string; displayName: string }) => void;
  onSummary: (providerId: string, summary: ProviderSummary) => void;
}

/**
 * One provider's institutions, as rows of the search table: the provider is asked with the
 * search and country (its cached full list gives the countries of the filter).
 */
export const ProviderInstitutions = ({ provider, search, country, countryName, connecting, onConnect, onSummary }: Props) => {
  const t = useT();
  const all = useSearchInstitutionsQuery({ providerId: provider.id });
  const filtered = useSearchInstitutionsQuery(
    { providerId: provider.id, ...(search ? { search } : {}), ...(country ? { country } : {}) },
    { skip: !search && !country },
  );
  const result = !search && !country ? all : filtered;
  const rows = [...(result.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const countries = [...new Set((all.data ?? []).map((i) => i.country).filter((c): c is string => Boolean(c)))].sort();
  const count = rows.length;
  const loading = result.isFetching;
  const failed = Boolean(result.error);
  const countriesKey = countries.join(',');

  useEffect(() => {
    onSummary(provider.id, { count, countries: countriesKey ? countriesKey.split(',') : [], loading, failed });
  }, [onSummary, provider.id, count, countriesKey, loading, failed]);

  if (result.error) {
    const error = apiError(result.error);
    return (
      <Tr>
        <Td colSpan={4} style={{ whiteSpace: 'normal' }}>
          <Typography textColor="danger600">
            {t('add.search.failed', { provider: provider.displayName })}
            {error.reference ? ` ${t('add.reference', { reference: error.reference })}` : ''}
          </Typography>
        </Td>
      </Tr>
    );
  }

  return (
    <>
      {rows.map((institution) => (
        <Tr key={`${provider.id}:${institution.id}`}>
          <Td style={{ whiteSpace: 'normal' }}>
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Flex gap={2} alignItems="center">
                {institution.logoUrl ? (
                  <img src={institution.logoUrl} alt="" width={24} height={24} style={{ objectFit: 'contain', flexShrink: 0 }} />
                ) : null}
                <Typography fontWeight="bold">{institution.name}</Typography>
              </Flex>
              <InstitutionBadges beta={institution.beta} deprecated={institution.deprecated} provider={provider.displayName} />
            </Flex>
          </Td>
          <Td>
            <Typography>{countryName(institution.country)}</Typography>
          </Td>
          <Td style={{ whiteSpace: 'normal' }}>
            <Typography>{provider.displayName}</Typography>
          </Td>
          <Td>
            <Flex justifyContent="flex-end">
              <Button
                size="S"
                loading={connecting === `${provider.id}:${institution.id}`}
                disabled={connecting !== null}
                aria-label={t('add.connect.label', { name: institution.name })}
                onClick={() => onConnect(institution, provider)}
              >
                {t('add.connect')}
              </Button>
            </Flex>
          </Td>
        </Tr>
      ))}
    </>
  );
};
