// The store's settings, one tab each: store-wide settings (stock holds, points), tax rates per
// market, and the currencies the store sells in. Staff without `settings:write` see them only.
import { Tabs, Typography } from 'antd';
import { usePrefs } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { CurrenciesTab } from './currencies-tab';
import { StoreSettingsTab } from './store-settings-tab';
import { TaxRatesTab } from './tax-rates-tab';

export function SettingsPage() {
  const { t } = usePrefs();
  const { user } = useSession();
  const canWrite = user?.permissions.has('settings:write') ?? false;
  const seesCatalog = user?.permissions.has('catalog:read') ?? false;
  return (
    <section aria-labelledby="settings-title">
      <Typography.Title id="settings-title" level={3}>
        {t('settings.heading')}
      </Typography.Title>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'store', label: t('settings.store'), children: <StoreSettingsTab canWrite={canWrite} /> },
          { key: 'tax', label: t('settings.taxRates'), children: <TaxRatesTab canWrite={canWrite} /> },
          ...(seesCatalog
            ? [
                {
                  key: 'currencies',
                  label: t('settings.currencies'),
                  children: <CurrenciesTab canWrite={canWrite} />,
                },
              ]
            : []),
        ]}
      />
    </section>
  );
}
