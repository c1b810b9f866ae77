import { Layouts, Page } from '@strapi/strapi/admin';

/** To be built (issue 9). */
export const SettingsPage = () => (
  <Page.Main>
    <Layouts.Header title="SettingsPage" />
  </Page.Main>
);
