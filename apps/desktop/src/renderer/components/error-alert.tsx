// A refused action's message above the form or list it belongs to (nothing when there is none).
import { Alert } from 'antd';

export function ErrorAlert({
  error,
  gap = 16,
}: {
  error: { message: string } | null | undefined;
  gap?: number;
}) {
  return error?.message ? (
    <Alert type="error" role="alert" message={error.message} style={{ marginBottom: gap }} />
  ) : null;
}
