// Staff and roles: staff accounts (create, edit, disable — which signs them out everywhere — and
// enable), roles with their permissions grouped by module (edited with the
// same contract the API checks), and the audit log with filters.
import { createRoleInput, createStaffInput, updateStaffInput } from '@crossdock/domain/identity';
import { failureMessage } from '@crossdock/domain/messages';
import { type Permission, permissionGroups, permissionModules } from '@crossdock/domain/permissions';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import { rowKeys } from '../../components/row-keys';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { clearEditedErrors, validateForm } from '../../lib/form-errors';
import { usePrefs } from '../../lib/i18n';
import { useApi, useSession } from '../../lib/session';
import { AuditLog } from './audit-log';

type Role = RouterOutputs['roles']['list']['items'][number];

function RoleEditor({ role, onClose }: { role: Role | null; onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (values: { name: string; description: string; permissions: Permission[] }) =>
      role ? api.roles.update.mutate({ id: role.id, ...values }) : api.roles.create.mutate(values),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['roles'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      // An editor: a click beside it must not throw the typing away.
      mask={{ closable: false }}
      width={760}
      title={role ? role.name : t('staff.newRole')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Form
        form={form}
        onValuesChange={(changed) => clearEditedErrors(form, changed)}
        layout="vertical"
        initialValues={{
          name: role?.name ?? '',
          description: role?.description ?? '',
          permissions: role?.permissions ?? [],
        }}
        onFinish={(values: { name: string; description: string; permissions: Permission[] }) => {
          if (validateForm(form, createRoleInput, values).length === 0) save.mutate(values);
        }}
      >
        <Form.Item label={t('staff.roleName')} name="name">
          <Input autoFocus />
        </Form.Item>
        <Form.Item label={t('staff.description')} name="description">
          <Input />
        </Form.Item>
        <Form.Item label={t('staff.permissions')} name="permissions">
          <Checkbox.Group style={{ display: 'block' }}>
            {permissionModules.map((module) => (
              <fieldset key={module} style={{ border: 'none', padding: 0, marginBottom: 8 }}>
                <legend style={{ fontWeight: 600, fontSize: 13, marginBottom: 4 }}>{module}</legend>
                <Space wrap>
                  {Object.entries(permissionGroups[module]).map(([permission, description]) => (
                    <Checkbox key={permission} value={permission} title={description}>
                      {permission}
                    </Checkbox>
                  ))}
                </Space>
              </fieldset>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <ErrorAlert error={save.error} />
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('staff.save')}
        </Button>
      </Form>
    </Modal>
  );
}

function Roles() {
  const { t } = usePrefs();
  const api = useApi();
  const { user } = useSession();
  const canEdit = user?.permissions.has('staff:roles') ?? false;
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => api.roles.list.query({ limit: 100 }) });
  return (
    <>
      {canEdit ? (
        <Button type="primary" style={{ marginBottom: 16 }} onClick={() => setEditing('new')}>
          {t('staff.newRole')}
        </Button>
      ) : null}
      {roles.isError ? <Alert type="error" title={failureMessage(roles.error)} /> : null}
      <Table<Role>
        rowKey="id"
        size="small"
        loading={roles.isFetching}
        dataSource={roles.data?.items ?? []}
        pagination={false}
        onRow={(row) => ({
          onClick: () => canEdit && !row.isOwner && setEditing(row),
          style: { cursor: canEdit ? 'pointer' : undefined },
        })}
        columns={[
          { title: t('staff.roleName'), dataIndex: 'name' },
          { title: t('staff.description'), dataIndex: 'description' },
          { title: t('staff.members'), dataIndex: 'members', align: 'right' },
          {
            title: t('staff.permissions'),
            key: 'n',
            align: 'right',
            render: (_v, r) => r.permissions.length,
          },
        ]}
      />
      {editing ? (
        <RoleEditor role={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}

type StaffRow = RouterOutputs['staff']['list']['items'][number];

interface AccountValues {
  name?: string;
  email?: string;
  password?: string;
  locale?: 'en' | 'zh-CN';
  roleIds?: string[];
}

/** A new staff account, or an existing one's name, language and roles. */
function AccountDialog({ account, onClose }: { account: StaffRow | null; onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const { user } = useSession();
  const client = useQueryClient();
  const [form] = Form.useForm<AccountValues>();
  const canAssign = user?.permissions.has('staff:roles') ?? false;
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => api.roles.list.query({ limit: 100 }) });
  const save = useMutation({
    mutationFn: async (values: AccountValues) => {
      if (!account) {
        return api.staff.create.mutate({
          name: values.name?.trim() ?? '',
          email: values.email?.trim() ?? '',
          password: values.password ?? '',
          locale: values.locale ?? 'en',
          roleIds: canAssign ? (values.roleIds ?? []) : [],
        });
      }
      await api.staff.update.mutate({
        id: account.id,
        name: values.name?.trim() ?? '',
        locale: values.locale ?? 'en',
      });
      if (canAssign) await api.staff.setRoles.mutate({ id: account.id, roleIds: values.roleIds ?? [] });
      return null;
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['staff'] });
      void client.invalidateQueries({ queryKey: ['roles'] });
      onClose();
    },
  });
  const submit = (values: AccountValues) => {
    const errors = account
      ? validateForm(form, updateStaffInput, {
          id: account.id,
          name: values.name?.trim() ?? '',
          locale: values.locale,
        })
      : validateForm(form, createStaffInput, {
          name: values.name?.trim() ?? '',
          email: values.email?.trim() ?? '',
          password: values.password ?? '',
          locale: values.locale ?? 'en',
          roleIds: values.roleIds ?? [],
        });
    if (errors.length === 0) save.mutate(values);
  };
  useCommand('save', () => form.submit());
  return (
    <Modal
      open
      // An editor: a click beside it must not throw the typing away.
      mask={{ closable: false }}
      title={account ? account.name : t('staff.newAccount')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Form<AccountValues>
        form={form}
        onValuesChange={(changed) => clearEditedErrors(form, changed)}
        layout="vertical"
        initialValues={{
          name: account?.name ?? '',
          email: account?.email ?? '',
          locale: (account?.locale as 'en' | 'zh-CN' | undefined) ?? 'en',
          roleIds: account?.roles.map((r) => r.id) ?? [],
        }}
        onFinish={submit}
      >
        <Form.Item name="name" label={t('staff.name')} required>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="email" label={t('staff.email')} required={!account}>
          <Input type="email" disabled={Boolean(account)} />
        </Form.Item>
        {account ? null : (
          <Form.Item name="password" label={t('staff.password')} required extra={t('staff.passwordHint')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="locale" label={t('staff.locale')}>
          <Select
            options={[
              { value: 'en', label: 'English' },
              { value: 'zh-CN', label: '简体中文' },
            ]}
          />
        </Form.Item>
        {canAssign ? (
          <Form.Item name="roleIds" label={t('staff.roles')}>
            <Select
              mode="multiple"
              loading={roles.isLoading}
              optionFilterProp="label"
              options={(roles.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
            />
          </Form.Item>
        ) : null}
        <ErrorAlert error={save.error} />
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('staff.saveAccount')}
        </Button>
      </Form>
    </Modal>
  );
}

function People() {
  const { t } = usePrefs();
  const api = useApi();
  const { user } = useSession();
  const client = useQueryClient();
  const canWrite = user?.permissions.has('staff:write') ?? false;
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<StaffRow | 'new' | null>(null);
  const pages = useKeysetPages();
  const { cursor } = pages;
  const staff = useQuery({
    queryKey: ['staff', search, cursor],
    queryFn: () => api.staff.list.query({ limit: 50, cursor, ...(search ? { search } : {}) }),
  });
  const setStatus = useMutation({
    mutationFn: (input: { id: string; status: 'active' | 'disabled' }) => api.staff.setStatus.mutate(input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['staff'] }),
  });
  useCommand('new', () => setEditing('new'), canWrite && editing === null);
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          aria-label={t('customers.search')}
          placeholder={t('customers.search')}
          allowClear
          onSearch={(v) => {
            setSearch(v.trim());
            pages.reset();
          }}
          style={{ width: 320 }}
        />
        {canWrite ? (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('staff.newAccount')}
          </Button>
        ) : null}
      </Space>
      {staff.isError ? <Alert type="error" title={failureMessage(staff.error)} /> : null}
      <ErrorAlert error={setStatus.error} />
      <Table<StaffRow>
        rowKey="id"
        size="small"
        loading={staff.isFetching}
        dataSource={staff.data?.items ?? []}
        pagination={false}
        onRow={(row) => (canWrite ? rowKeys(() => setEditing(row)) : {})}
        columns={[
          {
            title: t('customers.name'),
            key: 'name',
            render: (_v, r) => (r.id === user?.id ? `${r.name} (${t('staff.you')})` : r.name),
          },
          { title: t('customers.email'), dataIndex: 'email' },
          {
            title: t('staff.roles'),
            key: 'roles',
            render: (_v, r) => r.roles.map((role) => <Tag key={role.id}>{role.name}</Tag>),
          },
          {
            title: t('orders.status'),
            dataIndex: 'status',
            render: (s: 'active' | 'disabled') => (
              <Tag color={s === 'active' ? 'green' : 'red'}>{t(`status.account.${s}`)}</Tag>
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_v, r) =>
              canWrite ? (
                <Space>
                  <Button size="small" onClick={() => setEditing(r)}>
                    {t('staff.edit')}
                  </Button>
                  {r.id === user?.id ? null : (
                    <Popconfirm
                      title={
                        r.status === 'active'
                          ? t('staff.disableConfirm', { name: r.name })
                          : t('staff.enableConfirm', { name: r.name })
                      }
                      onConfirm={() =>
                        setStatus.mutate({ id: r.id, status: r.status === 'active' ? 'disabled' : 'active' })
                      }
                    >
                      <Button size="small" danger={r.status === 'active'}>
                        {r.status === 'active' ? t('staff.disable') : t('staff.enable')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ) : null,
          },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={staff.data?.nextCursor} />
      {editing ? (
        <AccountDialog account={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}

export function StaffPage() {
  const { t } = usePrefs();
  const { user } = useSession();
  return (
    <section aria-labelledby="staff-title">
      <Typography.Title id="staff-title" level={3}>
        {t('staff.title')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'people', label: t('staff.people'), children: <People /> },
          { key: 'roles', label: t('staff.roles'), children: <Roles /> },
          ...(user?.permissions.has('staff:audit')
            ? [{ key: 'audit', label: t('staff.audit'), children: <AuditLog /> }]
            : []),
        ]}
      />
    </section>
  );
}
