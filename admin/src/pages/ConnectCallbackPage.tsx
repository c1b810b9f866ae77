import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Alert, Box, Button, Typography } from '@strapi/design-system';
import type { CompleteConnect } from '../../../shared/contracts/connect';
import { api } from '../api/client';

/** States already submitted in this page load: the route may mount more than once. */
const submitted = new Map<string, Promise<CompleteConnect.Response>>();

type State =
  | { status: 'working' }
  | { status: 'done'; result: CompleteConnect.Response['data'] }
  | { status: 'failed'; message: string; reference?: string };

/** Where the provider sends the admin back after consent: completes the connection. */
export const ConnectCallbackPage = () => {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [state, setState] = useState<State>({ status: 'working' });
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const all = Object.fromEntries(params.entries());
    const key = all.state ?? '';
    if (!submitted.has(key)) submitted.set(key, api.completeConnect({ state: key, params: all }));
    submitted
      .get(key)!
      .then(({ data }) => setState({ status: 'done', result: data }))
      .catch((error: { response?: { data?: { error?: { message?: string; details?: { reference?: string } } } } }) => {
        const body = error.response?.data?.error;
        setState({
          status: 'failed',
          message: body?.message ?? 'The connection could not be completed.',
          reference: body?.details?.reference,
        });
      });
  }, [params]);

  if (state.status === 'working') return <Page.Loading />;
  return (
    <Page.Main>
      <Layouts.Header title="Connect a bank account" />
      <Layouts.Content>
        {state.status === 'failed' ? (
          <Alert variant="danger" title="Not connected" closeLabel="Close">
            {state.message}
            {state.reference ? ` (reference ${state.reference})` : ''}
          </Alert>
        ) : (
          <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
            <Typography variant="beta" tag="h2">
              {state.result.connection.institutionName ?? state.result.connection.providerId} is connected
            </Typography>
            <Box paddingTop={2} paddingBottom={4}>
              <Typography>
                {state.result.accounts.length} account(s) found: {state.result.accounts.map((a) => a.accountNumber ?? a.name).join(', ')}
              </Typography>
            </Box>
            <Button onClick={() => navigate('..')}>Back to the journals</Button>
          </Box>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};
