import { NavLink } from 'react-router-dom';
import { Box, Checkbox, Link, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import type { FoundTransaction } from '../../../../shared/contracts/finder';
import { pluginPath } from '../../components/bank-journals/paths';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/translate';
import { FoundStatusBadge } from './FoundStatusBadge';

interface Props {
  rows: FoundTransaction[];
  journalCurrency: string;
  selected: ReadonlySet<string>;
  onToggle: (id: string, on: boolean) => void;
  onToggleAll: (on: boolean) => void;
  /** Read-only admins see no checkbox. */
  selectable: boolean;
}

/** Why a transaction has its status: the line it matches, the reason it cannot be imported. */
const Detail = ({ row, journalCurrency }: { row: FoundTransaction; journalCurrency: string }) => {
  const t = useT();
  const f = useFormat();
  const match = row.match;
  const line = match
    ? t('finder.detail.line', { date: f.day(match.date), amount: f.money(match.amount, match.currency), id: match.id })
    : null;
  const text = (() => {
    switch (row.status) {
      case 'new':
        return t('finder.detail.new');
      case 'imported':
        // The same date and amount as the row: the line's number says enough.
        return match && (match.date !== row.date || match.amount !== row.amount)
          ? t('finder.detail.imported', { line: line ?? '' })
          : t('finder.detail.importedSame', { id: match?.id ?? '' });
      case 'pending':
        return line ? t('finder.detail.pendingReplaced', { line }) : t('finder.detail.pending');
      case 'invalid':
        return t('finder.detail.invalid', { reason: row.reason ?? '' });
      case 'currency':
        return t('finder.detail.currency', { currency: row.currency ?? '', journalCurrency });
    }
  })();
  return (
    <Typography textColor="neutral700">
      {text}
      {match?.statementId ? (
        <>
          {' '}
          <Link tag={NavLink} to={pluginPath(`statements/${match.statementId}`)}>
            {t('finder.detail.openStatement')}
          </Link>
        </>
      ) : null}
    </Typography>
  );
};

/** The diff: each transaction the bank lists with its status, date, amount, label and why; new posted ones can be selected. */
export const FoundTable = ({ rows, journalCurrency, selected, onToggle, onToggleAll, selectable }: Props) => {
  const t = useT();
  const f = useFormat();
  const importable = rows.filter((r) => r.importable && r.providerTransactionId);
  const all = importable.length > 0 && importable.every((r) => selected.has(r.providerTransactionId!));
  const some = importable.some((r) => selected.has(r.providerTransactionId!));
  const columns = selectable ? 6 : 5;

  return (
    <Box background="neutral0" shadow="tableShadow" hasRadius>
      <Table colCount={columns} rowCount={rows.length + 1}>
        <Thead>
          <Tr>
            {selectable ? (
              <Th>
                <Checkbox
                  aria-label={t('finder.select.all')}
                  disabled={importable.length === 0}
                  checked={all ? true : some ? 'indeterminate' : false}
                  onCheckedChange={(value) => onToggleAll(value === true)}
                />
              </Th>
            ) : null}
            <Th>
              <Typography variant="sigma">{t('finder.column.status')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('finder.column.date')}</Typography>
            </Th>
            <Th style={{ textAlign: 'right' }}>
              <Typography variant="sigma">{t('finder.column.amount')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('finder.column.label')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('finder.column.detail')}</Typography>
            </Th>
          </Tr>
        </Thead>
        <Tbody>
          {rows.map((row, i) => {
            const id = row.providerTransactionId;
            const amount = row.amount && row.currency ? f.money(row.amount, row.currency) : '—';
            return (
              <Tr key={`${id ?? 'invalid'}-${i}`}>
                {selectable ? (
                  <Td>
                    {row.importable && id ? (
                      <Checkbox
                        aria-label={t('finder.select.one', { date: f.day(row.date), amount })}
                        checked={selected.has(id)}
                        onCheckedChange={(value) => onToggle(id, value === true)}
                      />
                    ) : (
                      <VisuallyHidden>{t('finder.select.notImportable')}</VisuallyHidden>
                    )}
                  </Td>
                ) : null}
                <Td>
                  <FoundStatusBadge status={row.status} />
                </Td>
                <Td>
                  <Typography>{row.date ? f.day(row.date) : '—'}</Typography>
                </Td>
                <Td style={{ textAlign: 'right' }}>
                  <Typography fontWeight="semiBold" textColor={row.amount?.startsWith('-') ? 'danger700' : 'neutral800'}>
                    {amount}
                  </Typography>
                </Td>
                <Td style={{ whiteSpace: 'normal', maxWidth: '22rem' }}>
                  <Typography tag="div">
                    {row.label ?? (row.status === 'invalid' && id ? t('finder.bankReference', { id }) : '—')}
                  </Typography>
                  {row.counterpartyName ? (
                    <Typography variant="pi" textColor="neutral600">
                      {row.counterpartyName}
                    </Typography>
                  ) : null}
                </Td>
                <Td style={{ whiteSpace: 'normal', maxWidth: '26rem' }}>
                  <Detail row={row} journalCurrency={journalCurrency} />
                </Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
    </Box>
  );
};
