import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { Breadcrumbs, Crumb, CrumbLink } from '@strapi/design-system';
import { useT } from '../../utils/translate';
import { pluginPath } from './paths';

/** CrumbLink through react-router: its type lacks `tag`, its implementation takes it (as Strapi's upload plugin uses it). */
const RouterCrumbLink = CrumbLink as unknown as (props: { tag: typeof NavLink; to: string; children: ReactNode }) => ReactNode;

/** Back links above a statements page: the dashboard, then the journal, then where the admin is. */
export const JournalCrumbs = ({ journal, current }: { journal?: { id: number; name: string } | null; current: string }) => {
  const t = useT();
  return (
    <Breadcrumbs label={t('common.breadcrumbs')}>
      <RouterCrumbLink tag={NavLink} to={pluginPath()}>
        {t('journals.title')}
      </RouterCrumbLink>
      {journal ? (
        <RouterCrumbLink tag={NavLink} to={pluginPath(`journals/${journal.id}`)}>
          {journal.name}
        </RouterCrumbLink>
      ) : null}
      <Crumb isCurrent>{current}</Crumb>
    </Breadcrumbs>
  );
};
