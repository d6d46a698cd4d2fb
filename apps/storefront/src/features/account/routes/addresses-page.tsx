// The address book: add, make default, delete (after a confirmation).
import { failureMessage } from '@crossdock/domain/messages';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { AddressForm, type AddressValue } from '../../../components/address-form';
import { RequireCustomer } from '../../../components/require-customer';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { useShopper } from '../../../lib/i18n';
import { type Address, api } from '../../../lib/trpc';
import { AccountNav } from '../components/account-nav';

function AddressCard({ address }: { address: Address }) {
  const { t } = useShopper();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: ['addresses'] });
  const { id, isDefault, customerId: _c, createdAt: _a, updatedAt: _u, ...fields } = address;
  const makeDefault = useMutation({
    mutationFn: () => api.account.addresses.update.mutate({ id, address: fields, isDefault: true }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => api.account.addresses.remove.mutate({ id }),
    onSuccess: refresh,
  });
  return (
    <li className="address-card">
      <p>
        <strong>{address.name}</strong>{' '}
        {isDefault ? <span className="text-tag">{t('address.default')}</span> : null}
        <br />
        {address.line1}
        {address.line2 ? `, ${address.line2}` : ''}, {address.postalCode ? `${address.postalCode} ` : ''}
        {address.city}, {address.country}
      </p>
      <div className="buttons">
        {isDefault ? null : (
          <button type="button" onClick={() => makeDefault.mutate()} disabled={makeDefault.isPending}>
            {t('address.makeDefault')}
          </button>
        )}
        {confirming ? (
          <span role="alertdialog" aria-label={t('address.confirmDelete')}>
            {t('address.confirmDelete')}{' '}
            <button type="button" className="danger" onClick={() => remove.mutate()}>
              {t('address.delete')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('address.cancel')}
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            {t('address.delete')}
          </button>
        )}
      </div>
    </li>
  );
}

function Addresses() {
  const { t } = useShopper();
  const client = useQueryClient();
  const addresses = useQuery({ queryKey: ['addresses'], queryFn: () => api.account.addresses.list.query() });
  const [adding, setAdding] = useState(false);
  const add = useMutation({
    mutationFn: (input: { address: AddressValue; isDefault: boolean }) =>
      api.account.addresses.add.mutate(input),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['addresses'] });
      setAdding(false);
    },
  });
  if (addresses.isPending) return <Loading />;
  if (addresses.isError) return <ErrorState error={addresses.error} retry={() => addresses.refetch()} />;
  return (
    <>
      {addresses.data.length === 0 ? <Empty>{t('address.none')}</Empty> : null}
      <ul className="address-list">
        {addresses.data.map((a) => (
          <AddressCard key={a.id} address={a} />
        ))}
      </ul>
      {adding ? (
        <AddressForm
          busy={add.isPending}
          error={add.error ? failureMessage(add.error) : null}
          onSave={(address, isDefault) => add.mutate({ address, isDefault })}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          {t('checkout.addAddress')}
        </button>
      )}
    </>
  );
}

export function AddressesPage() {
  const { t } = useShopper();
  return (
    <RequireCustomer>
      <section className="account" aria-labelledby="addresses-title">
        <AccountNav />
        <div>
          <h1 id="addresses-title">{t('account.addresses')}</h1>
          <Addresses />
        </div>
      </section>
    </RequireCustomer>
  );
}

export default AddressesPage;
