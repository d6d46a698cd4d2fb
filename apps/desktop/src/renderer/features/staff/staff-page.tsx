// Staff and roles: staff accounts, roles with their permissions grouped by module (edited with the
// same contract the API checks), and the audit log with filters.
import { createRoleInput } from '@crossdock/domain/identity';
import { type Permission, permissionGroups, permissionModules } from '@crossdock/domain/permissions';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import type { RouterOutputs } from '../../lib/api';
import { fieldErrors } from '../../lib/form-errors';
import { usePrefs } from '../../lib/i18n';
import { useApi, useSession } from '../../lib/session';

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
      width={760}
      title={role ? role.name : t('staff.newRole')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: role?.name ?? '',
          description: role?.description ?? '',
          permissions: role?.permissions ?? [],
        }}
        onFinish={(values: { name: string; description: string; permissions: Permission[] }) => {
          const errors = fieldErrors(createRoleInput, values);
          if (errors.length) form.setFields(errors);
          else save.mutate(values);
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
        {save.error ? (
          <Alert type="error" role="alert" message={save.error.message} style={{ marginBottom: 16 }} />
        ) : null}
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
      {roles.isError ? <Alert type="error" message={roles.error.message} /> : null}
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

function People() {
  const { t } = usePrefs();
  const api = useApi();
  const [search, setSearch] = useState('');
  const staff = useQuery({
    queryKey: ['staff', search],
    queryFn: () => api.staff.list.query({ limit: 100, ...(search ? { search } : {}) }),
  });
  type Row = RouterOutputs['staff']['list']['items'][number];
  return (
    <>
      <Input.Search
        aria-label={t('customers.search')}
        placeholder={t('customers.search')}
        allowClear
        onSearch={(v) => setSearch(v.trim())}
        style={{ width: 320, marginBottom: 16 }}
      />
      {staff.isError ? <Alert type="error" message={staff.error.message} /> : null}
      <Table<Row>
        rowKey="id"
        size="small"
        loading={staff.isFetching}
        dataSource={staff.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('customers.name'), dataIndex: 'name' },
          { title: t('customers.email'), dataIndex: 'email' },
          {
            title: t('staff.roles'),
            key: 'roles',
            render: (_v, r) => r.roles.map((role) => <Tag key={role.id}>{role.name}</Tag>),
          },
          {
            title: '',
            dataIndex: 'status',
            render: (s: string) => (s === 'active' ? null : <Tag color="red">{s}</Tag>),
          },
        ]}
      />
    </>
  );
}

function Audit() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const [filters, setFilters] = useState<{ action?: string; entityType?: string }>({});
  const pages = useKeysetPages();
  const { cursor } = pages;
  const audit = useQuery({
    queryKey: ['audit', filters, cursor],
    queryFn: () => api.audit.list.query({ limit: 50, cursor, ...filters }),
  });
  type Row = RouterOutputs['audit']['list']['items'][number];
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <>
      <Form
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={(values: { action?: string; entityType?: string }) => {
          setFilters({
            ...(values.action?.trim() ? { action: values.action.trim() } : {}),
            ...(values.entityType?.trim() ? { entityType: values.entityType.trim() } : {}),
          });
          pages.reset();
        }}
      >
        <Form.Item name="action" label={t('staff.action')}>
          <Input placeholder="settings.updated" />
        </Form.Item>
        <Form.Item name="entityType" label={t('staff.entity')}>
          <Input placeholder="role" />
        </Form.Item>
        <Button htmlType="submit">{t('staff.filter')}</Button>
      </Form>
      {audit.isError ? <Alert type="error" message={audit.error.message} /> : null}
      <Table<Row>
        rowKey="id"
        size="small"
        loading={audit.isFetching}
        dataSource={audit.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('orders.placed'), dataIndex: 'createdAt', render: (d: Date) => when.format(d) },
          { title: t('staff.who'), dataIndex: 'actorName' },
          { title: t('staff.action'), dataIndex: 'action' },
          {
            title: t('staff.entity'),
            key: 'entity',
            render: (_v, r) => `${r.entityType} ${r.entityId ?? ''}`,
          },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={audit.data?.nextCursor} />
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
            ? [{ key: 'audit', label: t('staff.audit'), children: <Audit /> }]
            : []),
        ]}
      />
    </section>
  );
}
