import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Layouts, Page, Pagination, useDebounce, useQueryParams } from '@strapi/strapi/admin';
import {
  Badge,
  Box,
  EmptyStateLayout,
  Field,
  Flex,
  Grid,
  Loader,
  Searchbar,
  SearchForm,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { LINE_SORTS, type LineView } from '../../../shared/contracts/statements';
import { absDecimal, signOf } from '../components/bank-journals/decimal';
import { JournalCrumbs } from '../components/bank-journals/JournalCrumbs';
import { StatementDownload } from '../components/statement-export/StatementDownload';
import { useGetJournalsQuery, useGetLinesQuery, useGetStatementQuery } from '../services/api';
import { useFormat } from '../utils/format';
import { useT, type TranslationKey } from '../utils/translate';

type Sort = (typeof LINE_SORTS)[number];
type LinesQuery = { page?: string; pageSize?: string; sort?: string; search?: string };

const PAGE_SIZES = ['20', '50', '100', '200'];
const DEFAULTS: LinesQuery = { page: '1', pageSize: '50', sort: 'bookingDate:desc' };
const SORT_KEYS: Record<Sort, TranslationKey> = {
  'bookingDate:desc': 'lines.sort.dateDesc',
  'bookingDate:asc': 'lines.sort.dateAsc',
  'amount:desc': 'lines.sort.amountDesc',
  'amount:asc': 'lines.sort.amountAsc',
};

const wrap = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;

/**
 * A statement's lines: paged by the server (Strapi's Pagination, page and size in the URL),
 * sorted by date or amount, searched by label, counterparty or transaction id. Money in and
 * money out in their own columns, exact, with the currency; booking dates as calendar days.
 */
export const StatementLinesPage = () => {
  const t = useT();
  const f = useFormat();
  const id = Number(useParams<{ id: string }>().id);
  const valid = Number.isSafeInteger(id) && id > 0;

  const [{ query }, setQuery] = useQueryParams<LinesQuery>(DEFAULTS);
  const page = Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1);
  const pageSize = PAGE_SIZES.includes(String(query.pageSize)) ? Number(query.pageSize) : 50;
  const sort: Sort = LINE_SORTS.includes(query.sort as Sort) ? (query.sort as Sort) : 'bookingDate:desc';
  const search = typeof query.search === 'string' ? query.search.trim() : '';

  // The search box writes to the URL once typing pauses (one request, not one per keystroke).
  const [text, setText] = useState(search);
  const typed = useDebounce(text.trim(), 350);
  useEffect(() => {
    if (typed === search) return;
    setQuery({ search: typed ? encodeURIComponent(typed) : undefined, page: '1' }, 'push', true);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a pause in typing writes the URL
  }, [typed]);

  const statement = useGetStatementQuery(id, { skip: !valid });
  const journals = useGetJournalsQuery();
  const lines = useGetLinesQuery(
    { statementId: id, query: { page, pageSize, sort, ...(search ? { search } : {}) } },
    { skip: !valid || !statement.data },
  );

  if (statement.isLoading) return <Page.Loading />;
  if (!valid || statement.isError || !statement.data) {
    return (
      <Page.Main>
        <Layouts.Header title={t('lines.notFound')} navigationAction={<JournalCrumbs current={t('lines.notFound')} />} />
        <Layouts.Content>
          <EmptyStateLayout content={t('lines.notFoundHint')} />
        </Layouts.Content>
      </Page.Main>
    );
  }

  const s = statement.data;
  const journal = journals.data?.find((j) => j.id === s.journalId) ?? null;
  const rows: LineView[] = lines.data?.data ?? [];
  const meta = lines.data?.meta;
  const total = meta?.total ?? null;
  const hasMore = Boolean(meta?.hasMore);
  const first = rows.length ? (page - 1) * pageSize + 1 : 0;
  const last = (page - 1) * pageSize + rows.length;
  // Without a count (a search), the pages known are those read so far and, if there is more, the next.
  const pageCount = total !== null ? Math.max(1, Math.ceil(total / pageSize)) : page + (hasMore ? 1 : 0);
  const knownTotal = total ?? last + (hasMore ? 1 : 0);

  return (
    <Page.Main>
      <Page.Title>{s.name}</Page.Title>
      <Layouts.Header
        navigationAction={<JournalCrumbs journal={journal ?? { id: s.journalId, name: t('lines.journal') }} current={s.name} />}
        title={s.name}
        subtitle={journal ? t('lines.subtitle', { journal: journal.name, code: journal.code }) : undefined}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Box background="neutral0" shadow="tableShadow" hasRadius padding={5}>
            <Grid.Root tag="dl" gap={4}>
              {[
                [t('lines.fact.period'), t('statements.period', { from: f.day(s.periodStart), to: f.day(s.periodEnd) })],
                [t('statements.column.opening'), f.money(s.balanceStart, s.currency)],
                [t('statements.column.closing'), f.money(s.balanceEnd, s.currency)],
                [t('statements.column.lines'), f.number(s.lineCount)],
              ].map(([label, value]) => (
                <Grid.Item key={label} col={3} s={6} xs={12} direction="column" alignItems="flex-start" gap={1}>
                  <Typography variant="sigma" textColor="neutral600" tag="dt">
                    {label}
                  </Typography>
                  <Typography tag="dd" fontWeight="semiBold">
                    {value}
                  </Typography>
                </Grid.Item>
              ))}
            </Grid.Root>
          </Box>

          <StatementDownload statementId={s.id} />

          <Flex gap={4} alignItems="flex-end" wrap="wrap">
            <Box style={{ flex: '1 1 20rem' }}>
              <SearchForm onSubmit={(e) => e.preventDefault()}>
                <Searchbar
                  name="search"
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  onClear={() => setText('')}
                  clearLabel={t('lines.searchClear')}
                  placeholder={t('lines.searchPlaceholder')}
                >
                  {t('lines.search')}
                </Searchbar>
              </SearchForm>
            </Box>
            <Box style={{ flex: '0 1 16rem' }}>
              <Field.Root name="sort">
                <Field.Label>{t('lines.sort')}</Field.Label>
                <SingleSelect value={sort} onChange={(value) => setQuery({ sort: String(value), page: '1' })} size="S">
                  {LINE_SORTS.map((option) => (
                    <SingleSelectOption key={option} value={option}>
                      {t(SORT_KEYS[option])}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Box>
          </Flex>

          <Flex gap={2} alignItems="center" minHeight="2rem" role="status">
            {lines.isFetching ? <Loader small>{t('lines.loading')}</Loader> : null}
            <Typography textColor="neutral600">
              {!lines.data
                ? ''
                : rows.length === 0
                  ? ''
                  : total !== null
                    ? t('lines.range', { first, last, total })
                    : t(hasMore ? 'lines.rangeMore' : 'lines.rangeSearch', { first, last })}
            </Typography>
          </Flex>

          {lines.isError ? (
            <EmptyStateLayout content={t('lines.error')} hasRadius shadow="tableShadow" />
          ) : lines.data && rows.length === 0 ? (
            <EmptyStateLayout content={search ? t('lines.noMatch', { search }) : t('lines.empty')} hasRadius shadow="tableShadow" />
          ) : (
            <Box background="neutral0" shadow="tableShadow" hasRadius style={{ opacity: lines.isFetching ? 0.6 : 1 }}>
              <Table colCount={5} rowCount={rows.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">{t('lines.column.date')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('lines.column.label')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('lines.column.counterparty')}</Typography>
                    </Th>
                    <Th style={{ textAlign: 'right' }}>
                      <Typography variant="sigma">{t('lines.column.in')}</Typography>
                    </Th>
                    <Th style={{ textAlign: 'right' }}>
                      <Typography variant="sigma">{t('lines.column.out')}</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {rows.map((line) => {
                    const incoming = signOf(line.amount) >= 0;
                    const amount = f.money(absDecimal(line.amount), line.currency);
                    return (
                      <Tr key={line.id}>
                        <Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                          <Typography>{f.day(line.bookingDate)}</Typography>
                          {line.valueDate && line.valueDate.slice(0, 10) !== line.bookingDate.slice(0, 10) ? (
                            <Typography tag="p" variant="pi" textColor="neutral600">
                              {t('lines.valueDate', { date: f.day(line.valueDate) })}
                            </Typography>
                          ) : null}
                        </Td>
                        <Td style={{ ...wrap, verticalAlign: 'top' }}>
                          {line.kind ? (
                            <Badge>{t(line.kind === 'correction' ? 'lines.kind.correction' : 'lines.kind.reversal')}</Badge>
                          ) : null}
                          <Typography>{line.label ?? '—'}</Typography>
                          {line.note ? (
                            <Typography tag="p" variant="pi" textColor="neutral800">
                              {line.note}
                            </Typography>
                          ) : null}
                          <Typography tag="p" variant="pi" textColor="neutral600">
                            {t('lines.transactionId', { id: line.providerTransactionId })}
                          </Typography>
                        </Td>
                        <Td style={{ ...wrap, verticalAlign: 'top' }}>
                          <Typography>{line.counterpartyName ?? '—'}</Typography>
                          {line.counterpartyAccount ? (
                            <Typography tag="p" variant="pi" textColor="neutral600">
                              {line.counterpartyAccount}
                            </Typography>
                          ) : null}
                        </Td>
                        <Td style={{ textAlign: 'right', whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                          {incoming ? (
                            <Typography fontWeight="semiBold" textColor="success700">
                              {amount}
                            </Typography>
                          ) : null}
                        </Td>
                        <Td style={{ textAlign: 'right', whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                          {incoming ? null : (
                            <Typography fontWeight="semiBold" textColor="neutral800">
                              {amount}
                            </Typography>
                          )}
                        </Td>
                      </Tr>
                    );
                  })}
                </Tbody>
              </Table>
            </Box>
          )}

          {lines.data && rows.length > 0 ? (
            <Pagination.Root pageCount={pageCount} total={knownTotal} defaultPageSize={50}>
              <Pagination.PageSize options={PAGE_SIZES} />
              <Pagination.Links />
            </Pagination.Root>
          ) : null}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
