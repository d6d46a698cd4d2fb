// Staff sign-in, against the chosen server; a session that ended by itself says so here.
import { failureMessage } from '@crossdock/domain/messages';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { usePrefs } from '../../lib/i18n';
import { useSession } from '../../lib/session';

export function SignInPage() {
  const { t } = usePrefs();
  const { signIn, serverUrl, endedBecause, changeServer } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
      <Card title={t('signIn.title')} style={{ width: 400 }}>
        {endedBecause ? (
          <Alert
            type="warning"
            role="status"
            title={t(endedBecause === 'disabled' ? 'signIn.disabled' : 'signIn.revoked')}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Form
          layout="vertical"
          onFinish={async ({ email, password }: { email: string; password: string }) => {
            setBusy(true);
            setError(null);
            try {
              await signIn(email, password);
            } catch (e) {
              setError(failureMessage(e));
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item label={t('signIn.email')} name="email" rules={[{ required: true, type: 'email' }]}>
            <Input autoFocus autoComplete="username" />
          </Form.Item>
          <Form.Item label={t('signIn.password')} name="password" rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {error ? <Alert type="error" role="alert" title={error} style={{ marginBottom: 16 }} /> : null}
          <Button type="primary" htmlType="submit" loading={busy} block>
            {t('signIn.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          {t('signIn.server', { url: serverUrl ?? '' })}{' '}
          <Button type="link" size="small" onClick={changeServer}>
            {t('signIn.changeServer')}
          </Button>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
