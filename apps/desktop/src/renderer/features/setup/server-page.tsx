// First run: which Crossdock server to use. The address is checked with its /readyz before it
// is kept, so an unreachable or non-Crossdock address gets a clear message, not a broken app.
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { checkServer } from '../../lib/api';
import { usePrefs } from '../../lib/i18n';
import { useSession } from '../../lib/session';

export function ServerPage() {
  const { t } = usePrefs();
  const { chooseServer } = useSession();
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
      <Card title={t('setup.title')} style={{ width: 440 }}>
        <Form
          layout="vertical"
          onFinish={async ({ url }: { url: string }) => {
            const address = url.trim().replace(/\/$/, '');
            setChecking(true);
            setProblem(null);
            const why = /^https?:\/\//.test(address) ? await checkServer(address) : t('setup.hint');
            setChecking(false);
            if (why) setProblem(why);
            else await chooseServer(address);
          }}
        >
          <Form.Item label={t('setup.url')} name="url" rules={[{ required: true, message: t('setup.hint') }]}>
            <Input autoFocus placeholder="https://crossdock.example.com" />
          </Form.Item>
          <Typography.Paragraph type="secondary">{t('setup.hint')}</Typography.Paragraph>
          {problem ? <Alert type="error" role="alert" title={problem} style={{ marginBottom: 16 }} /> : null}
          <Button type="primary" htmlType="submit" loading={checking} block>
            {t('setup.connect')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
