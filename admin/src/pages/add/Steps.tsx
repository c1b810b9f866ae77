import { Box, Flex, Typography } from '@strapi/design-system';
import { useT } from '../../utils/translate';

const STEPS = ['add.step.bank', 'add.step.consent', 'add.step.accounts'] as const;

/** Where the admin is in Add a Bank Account: 1 choose the bank, 2 consent at the bank, 3 choose the accounts. */
export const Steps = ({ current }: { current: 1 | 2 | 3 }) => {
  const t = useT();
  return (
    <Box tag="nav" aria-label={t('add.step.label')} paddingBottom={6}>
      <Flex tag="ol" gap={2} wrap="wrap">
        {STEPS.map((key, i) => {
          const n = i + 1;
          const active = n === current;
          return (
            <Flex
              key={key}
              tag="li"
              gap={2}
              aria-current={active ? 'step' : undefined}
              background={active ? 'primary100' : 'neutral0'}
              borderColor={active ? 'primary600' : 'neutral200'}
              hasRadius
              paddingTop={2}
              paddingBottom={2}
              paddingLeft={3}
              paddingRight={3}
            >
              <Typography variant="pi" fontWeight="bold" textColor={active ? 'primary700' : 'neutral600'}>
                {t('add.step.number', { n })}
              </Typography>
              <Typography variant="pi" textColor={active ? 'primary700' : 'neutral700'}>
                {t(key)}
              </Typography>
            </Flex>
          );
        })}
      </Flex>
    </Box>
  );
};
