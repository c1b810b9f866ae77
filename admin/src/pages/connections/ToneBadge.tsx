import type { ReactNode } from 'react';
import { Badge, type BadgeProps } from '@strapi/design-system';

type Variant = NonNullable<BadgeProps['variant']>;

/**
 * The design system's warning and danger badges are below WCAG AA contrast (axe-core:
 * 3.6:1 for warning, about 3.9:1 for danger): those two get a darker text on their light background; the others
 * keep the design system's colours.
 */
const READABLE: Partial<Record<Variant, Pick<BadgeProps, 'backgroundColor' | 'textColor'>>> = {
  warning: { backgroundColor: 'warning100', textColor: 'neutral800' },
  danger: { backgroundColor: 'danger100', textColor: 'danger700' },
};

/** A coloured word (state, status, on/off) that stays readable. */
export const ToneBadge = ({ variant, children }: { variant: Variant; children: ReactNode }) => {
  const readable = READABLE[variant];
  // The design system's variant overrides any colour given: pass the colours alone.
  return readable ? <Badge {...readable}>{children}</Badge> : <Badge variant={variant}>{children}</Badge>;
};
