import { Flex, Tooltip } from '@strapi/design-system';
import { styled } from 'styled-components';
import { useT } from '../../utils/translate';
import { ToneBadge } from '../connections/ToneBadge';

/** A badge the keyboard can reach, so its tooltip opens on focus as on hover. */
const Trigger = styled.button`
  border: none;
  background: none;
  padding: 0;
  cursor: help;
  border-radius: ${({ theme }) => theme.borderRadius};
  &:focus-visible {
    outline: 2px solid ${({ theme }) => theme.colors.primary600};
    outline-offset: 2px;
  }
`;

/** Beta and Deprecated, each with a tooltip saying what it means for the admin. */
export const InstitutionBadges = ({ beta, deprecated, provider }: { beta: boolean; deprecated: boolean; provider: string }) => {
  const t = useT();
  if (!beta && !deprecated) return null;
  return (
    <Flex gap={1} wrap="wrap">
      {beta ? (
        <Tooltip label={t('add.beta.tooltip', { provider })}>
          <Trigger type="button" aria-label={`${t('add.beta')}: ${t('add.beta.tooltip', { provider })}`}>
            <ToneBadge variant="warning">{t('add.beta')}</ToneBadge>
          </Trigger>
        </Tooltip>
      ) : null}
      {deprecated ? (
        <Tooltip label={t('add.deprecated.tooltip', { provider })}>
          <Trigger type="button" aria-label={`${t('add.deprecated')}: ${t('add.deprecated.tooltip', { provider })}`}>
            <ToneBadge variant="danger">{t('add.deprecated')}</ToneBadge>
          </Trigger>
        </Tooltip>
      ) : null}
    </Flex>
  );
};
