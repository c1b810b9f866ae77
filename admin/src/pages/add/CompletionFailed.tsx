import { NavLink } from 'react-router-dom';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { Button, LinkButton, Typography } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useDisconnectMutation, useGetConnectionQuery } from '../../services/api';
import { useT } from '../../utils/translate';
import type { ApiErrorInfo } from './apiError';
import { ConnectFailure } from './ConnectFailure';
import { Notice } from './Notice';

/**
 * The callback could not complete: a link already used, expired or foreign (400), or the
 * provider failed (502, worded by class with its reference). An unfinished (pending)
 * connection left behind can be removed here.
 */
export const CompletionFailed = ({
  error,
  connectionId,
  onRemoved,
}: {
  error: ApiErrorInfo;
  connectionId: number | null;
  onRemoved: () => void;
}) => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { _unstableFormatAPIError: formatAPIError } = useAPIErrorHandler();
  const connection = useGetConnectionQuery(connectionId ?? 0, { skip: !connectionId });
  const [disconnect, disconnecting] = useDisconnectMutation();
  const pending = connection.data?.state === 'pending' ? connection.data : null;

  const remove = async () => {
    if (!pending) return;
    try {
      await disconnect(pending.id).unwrap();
      toggleNotification({ type: 'success', message: t('callback.removed') });
      onRemoved();
    } catch (e) {
      toggleNotification({ type: 'danger', message: formatAPIError(e as Parameters<typeof formatAPIError>[0]) });
    }
  };

  const actions = (
    <>
      <LinkButton tag={NavLink} to="../add">
        {t('callback.startAgain')}
      </LinkButton>
      {pending ? (
        <Button variant="danger-light" startIcon={<Trash />} loading={disconnecting.isLoading} onClick={remove}>
          {t('callback.remove')}
        </Button>
      ) : null}
      <LinkButton tag={NavLink} to=".." variant="tertiary">
        {t('callback.toJournals')}
      </LinkButton>
    </>
  );

  if (error.status === 400 || error.status === 404) {
    return (
      <Notice variant="warning" title={t('callback.invalid.title')} actions={actions}>
        <Typography tag="p">{t('callback.invalid.text')}</Typography>
        {pending ? <Typography tag="p">{t('callback.pendingLeft', { institution: pending.institutionName ?? '—' })}</Typography> : null}
      </Notice>
    );
  }
  return (
    <ConnectFailure error={error} institution={connection.data?.institutionName ?? null} actions={actions}>
      {pending ? <Typography tag="p">{t('callback.pendingLeft', { institution: pending.institutionName ?? '—' })}</Typography> : null}
    </ConnectFailure>
  );
};
