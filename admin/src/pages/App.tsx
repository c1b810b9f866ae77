import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { PERMISSIONS } from '../permissions';
import { AddBankAccountPage } from './AddBankAccountPage';
import { ConnectCallbackPage } from './ConnectCallbackPage';
import { ConnectionPage } from './ConnectionPage';
import { ConnectionsPage } from './ConnectionsPage';
import { FindMissingPage } from './FindMissingPage';
import { JournalsPage } from './JournalsPage';
import { StatementLinesPage } from './StatementLinesPage';
import { StatementsPage } from './StatementsPage';

/** The plugin's pages under /admin/plugins/bank-sync; each checks its own permission. */
const App = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <Routes>
      <Route index element={<JournalsPage />} />
      <Route path="journals/:id" element={<StatementsPage />} />
      <Route path="journals/:id/find-missing" element={<FindMissingPage />} />
      <Route path="statements/:id" element={<StatementLinesPage />} />
      <Route path="add" element={<AddBankAccountPage />} />
      <Route path="connect/callback" element={<ConnectCallbackPage />} />
      <Route path="connections" element={<ConnectionsPage />} />
      <Route path="connections/:id" element={<ConnectionPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default App;
