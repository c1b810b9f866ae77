import { NavLink } from 'react-router-dom';
import { Box, Button, Flex, Link, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import type { OnlineAccountView } from '../../../../shared/contracts/connect';
import type { JournalView } from '../../../../shared/contracts/journals';
import { useFormat } from '../../utils/format';
import { useT, type TranslationKey } from '../../utils/translate';

const COLUMNS: TranslationKey[] = [
  'connection.accounts.column.account',
  'connection.accounts.column.journal',
  'connection.accounts.column.balance',
  'connection.accounts.column.consent',
  'connection.accounts.column.from',
];

const wrap = { whiteSpace: 'normal' } as const;

interface Props {
  accounts: OnlineAccountView[];
  journals: JournalView[];
  timeZone: string;
  /** Re-authorize (consent renewal) per account, when the admin may and the provider can. */
  onReauthorize: ((account: OnlineAccountView) => void) | null;
  reauthorizing: number | null;
}

/** The connection's accounts: the journal each feeds, the bank's balance, its consent end and first fetch date. */
export const AccountsTable = ({ accounts, journals, timeZone, onReauthorize, reauthorizing }: Props) => {
  const t = useT();
  const format = useFormat();
  if (accounts.length === 0) {
    return (
      <Box background="neutral0" shadow="tableShadow" hasRadius padding={6}>
        <Typography tag="p">{t('connection.accounts.empty')}</Typography>
      </Box>
    );
  }
  return (
    <Box background="neutral0" shadow="tableShadow" hasRadius>
      <Table colCount={COLUMNS.length + (onReauthorize ? 1 : 0)} rowCount={accounts.length + 1}>
        <Thead>
          <Tr>
            {COLUMNS.map((key) => (
              <Th key={key} style={wrap}>
                <Typography variant="sigma">{t(key)}</Typography>
              </Th>
            ))}
            {onReauthorize ? (
              <Th>
                <VisuallyHidden>{t('connection.accounts.column.actions')}</VisuallyHidden>
              </Th>
            ) : null}
          </Tr>
        </Thead>
        <Tbody>
          {accounts.map((account) => {
            const journal = account.journalId ? journals.find((j) => j.id === account.journalId) : undefined;
            const zone = journal?.timeZone ?? timeZone;
            return (
              <Tr key={account.id}>
                <Td style={wrap}>
                  <Typography fontWeight="semiBold">{account.name ?? account.accountNumber ?? `#${account.id}`}</Typography>
                  {account.name && account.accountNumber ? (
                    <Typography tag="p" variant="pi" textColor="neutral600">
                      {account.accountNumber}
                    </Typography>
                  ) : null}
                </Td>
                <Td style={wrap}>
                  {account.journalId ? (
                    <Link tag={NavLink} to={`../journals/${account.journalId}`}>
                      {journal ? `${journal.name} (${journal.code})` : t('connection.accounts.journal', { id: account.journalId })}
                    </Link>
                  ) : (
                    <Typography textColor="neutral600">{t('connection.accounts.notSynchronized')}</Typography>
                  )}
                </Td>
                <Td style={wrap}>
                  <Typography>
                    {account.balance !== null && account.currency ? format.money(account.balance, account.currency) : '—'}
                  </Typography>
                  {account.balanceDate ? (
                    <Typography tag="p" variant="pi" textColor="neutral600">
                      {t('connection.accounts.balanceOn', { date: format.dateTime(account.balanceDate, zone) })}
                    </Typography>
                  ) : null}
                </Td>
                <Td style={wrap}>
                  <Typography>{format.dayOf(account.consentExpiresAt, zone)}</Typography>
                </Td>
                <Td style={wrap}>
                  <Typography>
                    {account.firstFetchDate ? format.day(account.firstFetchDate) : t('connection.accounts.from.default')}
                  </Typography>
                </Td>
                {onReauthorize ? (
                  <Td>
                    <Flex justifyContent="flex-end">
                      <Button
                        size="S"
                        variant="secondary"
                        loading={reauthorizing === account.id}
                        disabled={reauthorizing !== null}
                        aria-label={t('connection.reauthorize.label', {
                          account: account.name ?? account.accountNumber ?? `#${account.id}`,
                        })}
                        onClick={() => onReauthorize(account)}
                      >
                        {t('connection.reauthorize')}
                      </Button>
                    </Flex>
                  </Td>
                ) : null}
              </Tr>
            );
          })}
        </Tbody>
      </Table>
    </Box>
  );
};
