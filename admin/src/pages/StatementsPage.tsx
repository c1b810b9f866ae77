import { NavLink, useParams } from 'react-router-dom';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { Box, EmptyStateLayout, Flex, Link, LinkButton, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Search } from '@strapi/icons';
import { FEED_WARNINGS, FeedBadges, FeedNotices } from '../components/bank-journals/FeedNotices';
import { JournalCrumbs } from '../components/bank-journals/JournalCrumbs';
import { pluginPath } from '../components/bank-journals/paths';
import { PERMISSIONS } from '../permissions';
import { JournalRangeDownload } from '../components/statement-export/JournalRangeDownload';
import { useGetJournalsQuery, useGetStatementsQuery } from '../services/api';
import { useFormat } from '../utils/format';
import { useT } from '../utils/translate';
import { periodicityKey } from '../utils/wording';

/** A journal's statements, newest first: name, period, opening and closing balance, line count; each opens its lines. */
export const StatementsPage = () => {
  const t = useT();
  const f = useFormat();
  const id = Number(useParams<{ id: string }>().id);
  const valid = Number.isSafeInteger(id) && id > 0;
  const journals = useGetJournalsQuery();
  const statements = useGetStatementsQuery(id, { skip: !valid });
  const {
    allowedActions: { canSynchronize },
  } = useRBAC({ synchronize: PERMISSIONS.synchronize });

  if (journals.isLoading || statements.isLoading) return <Page.Loading />;
  const journal = journals.data?.find((j) => j.id === id);
  if (!valid || !journal) {
    return (
      <Page.Main>
        <Layouts.Header
          title={t('statements.journalNotFound')}
          navigationAction={<JournalCrumbs current={t('statements.journalNotFound')} />}
        />
        <Layouts.Content>
          <EmptyStateLayout content={t('statements.journalNotFoundHint')} />
        </Layouts.Content>
      </Page.Main>
    );
  }
  if (statements.isError || !statements.data) return <Page.Error />;
  const list = statements.data;
  const account = journal.onlineAccount?.accountNumber ?? journal.bankAccountNumber;

  return (
    <Page.Main>
      <Page.Title>{journal.name}</Page.Title>
      <Layouts.Header
        navigationAction={<JournalCrumbs current={journal.name} />}
        title={journal.name}
        subtitle={t('statements.subtitle', {
          code: journal.code,
          account: account ?? '—',
          periodicity: t(periodicityKey(journal.statementPeriodicity)),
        })}
        secondaryAction={<FeedBadges journal={journal} />}
        primaryAction={
          canSynchronize && journal.onlineAccount && journal.connection ? (
            <LinkButton tag={NavLink} to={pluginPath(`journals/${journal.id}/find-missing`)} variant="secondary" startIcon={<Search />}>
              {t('finder.action')}
            </LinkButton>
          ) : undefined
        }
      />
      <Layouts.Content>
        {journal.warnings.some((w) => FEED_WARNINGS.has(w.code)) ? (
          <Flex direction="column" alignItems="stretch" gap={2} paddingBottom={4}>
            <FeedNotices journal={journal} />
          </Flex>
        ) : null}
        {list.length > 0 ? (
          <Box marginBottom={4}>
            <JournalRangeDownload
              journalId={journal.id}
              timeZone={journal.timeZone}
              initial={{ from: list[0].periodStart, to: list[0].periodEnd }}
            />
          </Box>
        ) : null}
        {list.length === 0 ? (
          <EmptyStateLayout content={t('statements.empty')} hasRadius shadow="tableShadow" />
        ) : (
          <Box background="neutral0" shadow="tableShadow" hasRadius>
            <Table colCount={5} rowCount={list.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('statements.column.name')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('statements.column.period')}</Typography>
                  </Th>
                  <Th style={{ textAlign: 'right' }}>
                    <Typography variant="sigma">{t('statements.column.opening')}</Typography>
                  </Th>
                  <Th style={{ textAlign: 'right' }}>
                    <Typography variant="sigma">{t('statements.column.closing')}</Typography>
                  </Th>
                  <Th style={{ textAlign: 'right' }}>
                    <Typography variant="sigma">{t('statements.column.lines')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {list.map((s) => (
                  <Tr key={s.id}>
                    <Td style={{ whiteSpace: 'normal' }}>
                      <Link tag={NavLink} to={pluginPath(`statements/${s.id}`)}>
                        {s.name}
                      </Link>
                    </Td>
                    <Td style={{ whiteSpace: 'normal' }}>
                      <Typography>{t('statements.period', { from: f.day(s.periodStart), to: f.day(s.periodEnd) })}</Typography>
                    </Td>
                    <Td style={{ textAlign: 'right' }}>
                      <Typography>{f.money(s.balanceStart, s.currency)}</Typography>
                    </Td>
                    <Td style={{ textAlign: 'right' }}>
                      <Typography fontWeight="semiBold">{f.money(s.balanceEnd, s.currency)}</Typography>
                    </Td>
                    <Td style={{ textAlign: 'right' }}>
                      <Typography>{f.number(s.lineCount)}</Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </Box>
        )}
        <Flex paddingTop={4}>
          <Typography variant="pi" textColor="neutral600">
            {t('statements.footnote', { timeZone: journal.timeZone })}
          </Typography>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
