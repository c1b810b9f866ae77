import type { ReactNode } from 'react';
import { Button, Typography } from '@strapi/design-system';
import type { ErrorClass } from '../../../../shared/contracts/sync';
import { useT, type TranslationKey } from '../../utils/translate';
import type { ApiErrorInfo } from './apiError';
import { Notice } from './Notice';
import { Reference } from './Reference';

/** What a failed Connect (or its completion) means for the admin, by the error's class. */
const CLASS_KEY: Record<ErrorClass, TranslationKey> = {
  retry: 'add.failed.retry',
  backoff: 'add.failed.backoff',
  reauth: 'add.failed.reauth',
  config: 'add.failed.config',
  gone: 'add.failed.gone',
  'invalid-request': 'add.failed.invalidRequest',
};

export function failureKey(error: ApiErrorInfo): TranslationKey {
  if (error.code?.endsWith('access_denied')) return 'add.failed.denied';
  if (error.status === 409) return 'add.failed.busy';
  if (error.status === 403) return 'add.failed.forbidden';
  if (error.errorClass) return CLASS_KEY[error.errorClass];
  return 'add.failed.unknown';
}

/** A Connect that failed: worded by class, with the reference to quote, and what to do next. */
export const ConnectFailure = ({
  error,
  institution,
  onClose,
  actions,
  children,
}: {
  error: ApiErrorInfo;
  institution: string | null;
  onClose?: () => void;
  actions?: ReactNode;
  children?: ReactNode;
}) => {
  const t = useT();
  return (
    <Notice
      variant="danger"
      title={institution ? t('add.failed.title', { institution }) : t('add.failed.titleNoName')}
      actions={
        actions ??
        (onClose ? (
          <Button variant="tertiary" onClick={onClose}>
            {t('add.close')}
          </Button>
        ) : null)
      }
    >
      <Typography tag="p">{t(failureKey(error))}</Typography>
      {error.reference ? <Reference reference={error.reference} /> : null}
      {children}
    </Notice>
  );
};
