// A refused action's message above the form or list it belongs to (nothing when there is none).
import { failureMessage } from '@crossdock/domain/messages';
import { Alert } from 'antd';

export function ErrorAlert({
  error,
  gap = 16,
}: {
  error: { message: string } | null | undefined;
  gap?: number;
}) {
  return error?.message ? (
    <Alert type="error" role="alert" title={failureMessage(error)} style={{ marginBottom: gap }} />
  ) : null;
}
