import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { PERMISSIONS } from '../permissions';
import { ConnectCallbackPage } from './ConnectCallbackPage';
import { JournalsPage } from './JournalsPage';

const App = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <Routes>
      <Route index element={<JournalsPage />} />
      <Route path="connect/callback" element={<ConnectCallbackPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default App;
