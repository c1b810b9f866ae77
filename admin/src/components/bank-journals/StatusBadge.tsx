import type { ReactNode } from 'react';
import { Badge, type BadgeProps } from '@strapi/design-system';

type Variant = NonNullable<BadgeProps['variant']>;

/**
 * The design system's badge colours, one shade darker where its own pair is below WCAG AA
 * (its danger badge: #b72b1a on #f5c0b8, 3.9:1; axe-core flags it as serious). Its warning
 * orange is below AA on any light background: warning badges take dark text.
 */
const COLOURS: Record<Variant, Pick<BadgeProps, 'backgroundColor' | 'textColor'>> = {
  success: { backgroundColor: 'success100', textColor: 'success700' },
  danger: { backgroundColor: 'danger100', textColor: 'danger700' },
  warning: { backgroundColor: 'warning100', textColor: 'neutral800' },
  secondary: { backgroundColor: 'secondary100', textColor: 'secondary700' },
  primary: { backgroundColor: 'primary100', textColor: 'primary700' },
  alternative: { backgroundColor: 'alternative100', textColor: 'alternative700' },
  neutral: { backgroundColor: 'neutral150', textColor: 'neutral700' },
};

/** A state as a coloured badge with its words (the words carry the meaning; the colour helps). */
export const StatusBadge = ({ variant, children }: { variant: Variant; children: ReactNode }) => (
  <Badge size="M" {...COLOURS[variant]}>
    {children}
  </Badge>
);
