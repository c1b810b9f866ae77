import { useState } from 'react';
import { useIntl } from 'react-intl';
import { Box, Button, Flex, Loader, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import type { RunView } from '../../../../shared/contracts/sync';
import { useGetRunsQuery } from '../../services/api';
import { useFormat } from '../../utils/format';
import { useT, type TranslationKey } from '../../utils/translate';
import { errorKey, RUN_VARIANT, runStatusKey, triggerKey } from '../../utils/wording';
import { Reference } from '../add/Reference';
import { ToneBadge } from './ToneBadge';

const PAGE = 10;

const COUNTS: Array<[keyof RunView, TranslationKey]> = [
  ['pages', 'runs.count.pages'],
  ['fetched', 'runs.count.fetched'],
  ['imported', 'runs.count.imported'],
  ['duplicates', 'runs.count.duplicates'],
  ['pendingSkipped', 'runs.count.pending'],
  ['invalid', 'runs.count.invalid'],
  ['changed', 'runs.count.changed'],
];

/** A duration for people: "0.4 s", "12 s", "3 min 5 s". */
function useDuration() {
  const { locale } = useIntl();
  return (ms: number | null): string => {
    if (ms === null) return '—';
    const unit = (value: number, u: 'second' | 'minute', digits = 0) =>
      new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
    if (ms < 60_000) return unit(ms / 1000, 'second', ms < 10_000 ? 1 : 0);
    const minutes = Math.floor(ms / 60_000);
    return `${unit(minutes, 'minute')} ${unit(Math.round((ms % 60_000) / 1000), 'second')}`;
  };
}

const RunItem = ({ run, timeZone, last }: { run: RunView; timeZone: string; last: boolean }) => {
  const t = useT();
  const format = useFormat();
  const duration = useDuration();
  const color =
    run.status === 'failed'
      ? 'danger500'
      : run.status === 'partial'
        ? 'warning500'
        : run.status === 'running'
          ? 'secondary500'
          : 'success500';
  return (
    <Flex tag="li" gap={4} alignItems="stretch">
      {/* The timeline: a dot in the run's colour and the line down to the next run. */}
      <Flex direction="column" alignItems="center" aria-hidden>
        <Box background={color} width="1.2rem" height="1.2rem" marginTop={1} style={{ borderRadius: '50%', flexShrink: 0 }} />
        {last ? null : <Box background="neutral200" width="2px" style={{ flex: 1 }} />}
      </Flex>
      <Box paddingBottom={6} style={{ minWidth: 0, flex: 1 }}>
        <Flex gap={2} wrap="wrap" alignItems="center">
          <ToneBadge variant={RUN_VARIANT[run.status]}>{t(runStatusKey(run.status))}</ToneBadge>
          <Typography fontWeight="semiBold">{format.dateTime(run.startedAt, timeZone)}</Typography>
          <Typography textColor="neutral600">
            {t('runs.meta', { trigger: t(triggerKey(run.trigger)), duration: duration(run.durationMs) })}
          </Typography>
        </Flex>
        <Flex tag="dl" gap={4} wrap="wrap" paddingTop={2}>
          {COUNTS.map(([key, label]) => (
            <Flex key={key} gap={1}>
              <Typography tag="dt" variant="pi" textColor="neutral600">
                {t(label)}
              </Typography>
              <Typography tag="dd" variant="pi" fontWeight="bold" style={{ margin: 0 }}>
                {format.number(run[key] as number)}
              </Typography>
            </Flex>
          ))}
        </Flex>
        {run.error ? (
          <Box paddingTop={2}>
            <Typography tag="p" textColor="danger600">
              {t(errorKey(run.error))}
            </Typography>
            <Typography tag="p" variant="pi" textColor="neutral700" style={{ overflowWrap: 'anywhere', fontFamily: 'monospace' }}>
              {[run.error.code, run.error.message].filter(Boolean).join(' — ')}
            </Typography>
            <Reference reference={run.error.reference} />
          </Box>
        ) : null}
      </Box>
    </Flex>
  );
};

/** The connection's run log, newest first, as a timeline, ten at a time. */
export const RunLog = ({ connectionId, timeZone }: { connectionId: number; timeZone: string }) => {
  const t = useT();
  const [offset, setOffset] = useState(0);
  // One more than shown: whether an older page exists.
  const { data, isLoading, isFetching, error } = useGetRunsQuery({ connectionId, limit: PAGE + 1, offset });
  const runs = (data ?? []).slice(0, PAGE);
  const older = (data?.length ?? 0) > PAGE;

  return (
    <Box tag="section" aria-labelledby="run-log" background="neutral0" shadow="tableShadow" hasRadius padding={6}>
      <Flex justifyContent="space-between" wrap="wrap" gap={2} paddingBottom={4}>
        <Typography id="run-log" tag="h2" variant="delta">
          {t('runs.title')}
        </Typography>
        {runs.length ? (
          <Typography variant="pi" textColor="neutral600">
            {t('runs.range', { from: offset + 1, to: offset + runs.length })}
          </Typography>
        ) : null}
      </Flex>
      {isLoading ? (
        <Loader small>{t('runs.loading')}</Loader>
      ) : error ? (
        <Typography textColor="danger600">{t('runs.failed')}</Typography>
      ) : runs.length === 0 ? (
        <Typography>{t('runs.empty')}</Typography>
      ) : (
        <Box tag="ol" aria-busy={isFetching} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {runs.map((run, i) => (
            <RunItem key={run.id} run={run} timeZone={timeZone} last={i === runs.length - 1} />
          ))}
        </Box>
      )}
      {offset > 0 || older ? (
        <Flex tag="nav" aria-label={t('runs.paging')} gap={2} justifyContent="flex-end">
          <Button
            variant="tertiary"
            startIcon={<ChevronLeft />}
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            {t('runs.newer')}
          </Button>
          <Button variant="tertiary" endIcon={<ChevronRight />} disabled={!older} onClick={() => setOffset(offset + PAGE)}>
            {t('runs.older')}
          </Button>
        </Flex>
      ) : null}
    </Box>
  );
};
