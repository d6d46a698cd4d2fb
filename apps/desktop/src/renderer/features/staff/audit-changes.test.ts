import { describe, expect, it } from 'vitest';
import { auditChanges, auditValue } from './audit-changes';

describe('what an audit entry changed', () => {
  it('lists the fields that differ, added and removed ones included', () => {
    expect(
      auditChanges(
        { name: 'Packers', permissions: ['orders:read'], note: 'x' },
        { name: 'Packers', permissions: ['orders:read', 'orders:fulfil'], description: 'Warehouse' },
      ),
    ).toEqual([
      { field: 'permissions', before: ['orders:read'], after: ['orders:read', 'orders:fulfil'] },
      { field: 'description', before: undefined, after: 'Warehouse' },
      { field: 'note', before: 'x', after: undefined },
    ]);
  });

  it('shows every field of a creation, nothing when nothing changed, and a whole value otherwise', () => {
    expect(auditChanges(null, { status: 'active' })).toEqual([
      { field: 'status', before: undefined, after: 'active' },
    ]);
    expect(auditChanges({ a: 1 }, { a: 1 })).toEqual([]);
    expect(auditChanges(null, null)).toEqual([]);
    expect(auditChanges([1], [1, 2])).toEqual([{ field: '', before: [1], after: [1, 2] }]);
  });

  it('prints values on one line, shortened when long', () => {
    expect(auditValue(undefined)).toBe('—');
    expect(auditValue('draft')).toBe('draft');
    expect(auditValue({ en: 'Tea' })).toBe('{"en":"Tea"}');
    expect(auditValue('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
