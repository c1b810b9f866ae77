import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { LinkButton, Typography } from '@strapi/design-system';
import { Cog } from '@strapi/icons';
import { PERMISSIONS } from '../../permissions';
import { useGetDefaultsQuery } from '../../services/api';
import { useT } from '../../utils/translate';
import { Notice } from '../add/Notice';

const OnlyInDeveloperMode = () => {
  const t = useT();
  const {
    allowedActions: { canSettings },
  } = useRBAC({ settings: PERMISSIONS.settings });
  return (
    <Page.Main>
      <Page.Title>{t('connections.title')}</Page.Title>
      <Layouts.Header title={t('connections.title')} />
      <Layouts.Content>
        <Notice
          title={t('connections.devMode.title')}
          actions={
            canSettings ? (
              <LinkButton tag={NavLink} to="/settings/bank-sync" startIcon={<Cog />}>
                {t('connections.devMode.settings')}
              </LinkButton>
            ) : null
          }
        >
          <Typography tag="p">{t('connections.devMode.text')}</Typography>
          {canSettings ? null : <Typography tag="p">{t('connections.devMode.askAdmin')}</Typography>}
        </Notice>
      </Layouts.Content>
    </Page.Main>
  );
};

/**
 * Online Synchronization is technical (as Odoo's menu): only for admins who manage connections,
 * and only in developer mode; otherwise the page says so and leads to the setting.
 */
export const OnlineSyncGate = ({ children }: { children: ReactNode }) => {
  const defaults = useGetDefaultsQuery();
  if (defaults.isLoading) return <Page.Loading />;
  if (defaults.error || !defaults.data) return <Page.Error />;
  return (
    <Page.Protect permissions={PERMISSIONS.manageConnections}>
      {defaults.data.developerMode ? children : <OnlyInDeveloperMode />}
    </Page.Protect>
  );
};
