import { useState, type FormEvent, type ReactNode } from 'react';
import { Box, Button, Dialog, Field, Flex, Modal, TextInput, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import type { ConnectionView } from '../../../../shared/contracts/connections';
import { useT, type TranslationKey } from '../../utils/translate';
import { errorClassKey } from '../../utils/wording';
import { apiError } from '../add/apiError';
import { todayIn } from '../add/proposals';
import { AutoSyncField, FrequencyField } from './ScheduleFields';

/** A field Update Credentials asks for, as the provider declares it (GET /bank-sync/providers). */
export type CredentialField = { key: string; label: string; secret: boolean };

/** The usual keys in the admin's words; another provider's own keys keep the label it gives. */
const KNOWN_LABELS: Record<string, TranslationKey> = {
  clientId: 'connection.credentials.clientId',
  clientSecret: 'connection.credentials.clientSecret',
  token: 'connection.credentials.token',
};

interface ModalFrameProps {
  open: boolean;
  onClose: () => void;
  title: string;
  submitLabel: string;
  busy: boolean;
  onSubmit: () => void;
  children: ReactNode;
}

/** A form in a modal: Enter submits, Escape and Cancel close it. */
const ModalForm = ({ open, onClose, title, submitLabel, busy, onSubmit, children }: ModalFrameProps) => {
  const t = useT();
  return (
    <Modal.Root open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <Modal.Content>
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          <Modal.Header closeLabel={t('connection.dialog.close')}>
            <Modal.Title>{title}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={4}>
              {children}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Button type="button" variant="tertiary" onClick={onClose}>
              {t('connection.dialog.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {submitLabel}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};

/** Fetch Transactions: what is new, or every linked account again from a date. */
export const FetchTransactionsDialog = ({
  open,
  onClose,
  onFetch,
  timeZone,
}: {
  open: boolean;
  onClose: () => void;
  onFetch: (from: string | undefined) => void;
  timeZone: string;
}) => {
  const t = useT();
  const [from, setFrom] = useState('');
  const today = todayIn(timeZone);
  const invalid = from !== '' && (!/^\d{4}-\d{2}-\d{2}$/.test(from) || from > today);
  return (
    <ModalForm
      open={open}
      onClose={onClose}
      title={t('connection.fetchTransactions')}
      submitLabel={t('connection.fetchTransactions.submit')}
      busy={false}
      onSubmit={() => {
        if (!invalid) onFetch(from || undefined);
      }}
    >
      <Typography tag="p">{t('connection.fetchTransactions.text')}</Typography>
      <Field.Root
        name="from"
        hint={t('connection.fetchTransactions.from.hint')}
        error={invalid ? t('callback.error.from.future') : undefined}
      >
        <Field.Label>{t('connection.fetchTransactions.from')}</Field.Label>
        <TextInput type="date" value={from} max={today} onChange={(e) => setFrom(e.target.value)} />
        <Field.Error />
        <Field.Hint />
      </Field.Root>
    </ModalForm>
  );
};

/** Update Credentials: masked fields, checked by the server with the provider before anything is saved. */
export const CredentialsDialog = ({
  open,
  onClose,
  fields,
  providerName,
  onSave,
}: {
  open: boolean;
  onClose: () => void;
  fields: CredentialField[];
  providerName: string;
  onSave: (credentials: Record<string, string>) => Promise<void>;
}) => {
  const t = useT();
  const [values, setValues] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [refusal, setRefusal] = useState<{ technical: string | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setValues({});
    setMissing([]);
    setRefusal(null);
    onClose();
  };

  const save = async () => {
    const empty = fields.filter((f) => !values[f.key]?.trim()).map((f) => f.key);
    setMissing(empty);
    if (empty.length) return;
    setBusy(true);
    setRefusal(null);
    try {
      await onSave(Object.fromEntries(fields.map((f) => [f.key, values[f.key].trim()])));
      setValues({});
      onClose();
    } catch (e) {
      const error = apiError(e);
      setRefusal({
        text: error.status === 400 ? t('connection.credentials.refused', { provider: providerName }) : t(errorClassKey(error.errorClass)),
        technical: error.message,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalForm
      open={open}
      onClose={close}
      title={t('connection.credentials')}
      submitLabel={t('connection.credentials.submit')}
      busy={busy}
      onSubmit={save}
    >
      <Typography tag="p">{t('connection.credentials.text', { provider: providerName })}</Typography>
      {refusal ? (
        <Box background="danger100" borderColor="danger200" hasRadius padding={4} role="alert">
          <Typography tag="p" fontWeight="semiBold" textColor="danger700">
            {refusal.text}
          </Typography>
          {refusal.technical ? (
            <Typography tag="p" variant="pi" textColor="neutral800" style={{ overflowWrap: 'anywhere' }}>
              {refusal.technical}
            </Typography>
          ) : null}
        </Box>
      ) : null}
      {fields.map((field) => (
        <Field.Root
          key={field.key}
          name={`credentials-${field.key}`}
          required
          error={missing.includes(field.key) ? t('connection.credentials.required') : undefined}
        >
          <Field.Label>{KNOWN_LABELS[field.key] ? t(KNOWN_LABELS[field.key]!) : field.label}</Field.Label>
          {/* Every field masked as it is typed; none is ever shown back. */}
          <TextInput
            type="password"
            autoComplete={field.secret ? 'new-password' : 'off'}
            value={values[field.key] ?? ''}
            onChange={(e) => setValues((all) => ({ ...all, [field.key]: e.target.value }))}
          />
          <Field.Error />
        </Field.Root>
      ))}
    </ModalForm>
  );
};

/** Edit: auto-sync and frequency. */
export const EditDialog = ({
  open,
  onClose,
  connection,
  busy,
  onSave,
}: {
  open: boolean;
  onClose: () => void;
  connection: ConnectionView;
  busy: boolean;
  onSave: (patch: { autoSync: boolean; frequencyMinutes: number }) => void;
}) => {
  const t = useT();
  const [autoSync, setAutoSync] = useState(connection.autoSync);
  const [frequency, setFrequency] = useState(connection.frequencyMinutes);
  return (
    <ModalForm
      open={open}
      onClose={onClose}
      title={t('connection.edit')}
      submitLabel={t('connection.edit.submit')}
      busy={busy}
      onSubmit={() => onSave({ autoSync, frequencyMinutes: frequency })}
    >
      <AutoSyncField checked={autoSync} onChange={setAutoSync} />
      <FrequencyField value={frequency} current={connection.frequencyMinutes} onChange={setFrequency} />
    </ModalForm>
  );
};

/** Disconnect, confirmed: auto-sync stops, the credentials are erased, journals and statements stay. */
export const DisconnectDialog = ({
  open,
  onClose,
  institution,
  pending,
  busy,
  onConfirm,
}: {
  open: boolean;
  onClose: () => void;
  institution: string;
  pending: boolean;
  busy: boolean;
  onConfirm: () => void;
}) => {
  const t = useT();
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <Dialog.Content>
        <Dialog.Header>{t(pending ? 'connection.remove.title' : 'connection.disconnect.title', { institution })}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>
          <Dialog.Description>{t(pending ? 'connection.remove.text' : 'connection.disconnect.text')}</Dialog.Description>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary">
              {t('connection.dialog.cancel')}
            </Button>
          </Dialog.Cancel>
          <Button fullWidth variant="danger-light" loading={busy} onClick={onConfirm}>
            {t(pending ? 'connection.remove' : 'connection.disconnect')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
