// Every permission string the product knows, grouped by module, and the preset roles.
// A role is a set of these strings; staff procedures each declare the one they need.
// Adding a module's permission here is what makes it assignable in the role editor.

export const permissionGroups = {
  catalog: {
    'catalog:read': 'View categories, brands, products and prices',
    'catalog:write': 'Create and edit categories, brands, products, SKUs and prices',
    'catalog:publish': 'Publish and unpublish products',
    'catalog:moderate': 'Approve or reject customer reviews',
  },
  orders: {
    'orders:read': 'View orders, payments and shipments',
    'orders:write': 'Edit orders, add notes, cancel unpaid orders',
    'orders:fulfil': 'Create shipments and print packing slips',
    'orders:refund': 'Approve, reject and issue refunds',
  },
  customers: {
    'customers:read': 'View customers, their orders and addresses',
    'customers:write': 'Edit and disable customer accounts, adjust points',
  },
  promotions: {
    'promotions:read': 'View coupons and promotions',
    'promotions:write': 'Create and edit coupons and promotions',
  },
  inventory: {
    'inventory:read': 'View stock levels, warehouses and the movement ledger',
    'inventory:write': 'Set opening stock, adjust and transfer stock',
  },
  purchasing: {
    'purchasing:read': 'View suppliers and purchase orders',
    'purchasing:write': 'Create suppliers and purchase orders, receive goods',
    'purchasing:approve': 'Approve purchase orders',
  },
  logistics: {
    'logistics:read': 'View carriers, shipping methods and rates',
    'logistics:write': 'Edit carriers, shipping zones, methods and rates',
  },
  channels: {
    'channels:read': 'View marketplace shops, listings and sync runs',
    'channels:write': 'Connect shops, import orders and listings, run syncs',
  },
  finance: {
    'finance:read': 'View the ledger, expenses, settlements and finance reports',
    'finance:write': 'Record expenses, import settlements, post journal entries',
    'finance:approve': 'Approve or reject expenses',
  },
  analytics: {
    'analytics:read': 'View the dashboard and analytics',
  },
  reports: {
    'reports:read': 'Run reports',
    'reports:export': 'Export lists and reports to CSV and XLSX',
  },
  staff: {
    'staff:read': 'View staff accounts and roles',
    'staff:write': 'Create, edit and disable staff accounts',
    'staff:roles': 'Edit roles and assign them to staff',
    'staff:audit': 'View the audit log',
  },
  settings: {
    'settings:read': 'View store settings',
    'settings:write': 'Change store settings, currencies, rates and taxes',
  },
  system: {
    'system:read': 'View background event deliveries and the failed ones',
    'system:write': 'Retry failed event deliveries',
  },
} as const;

type Groups = typeof permissionGroups;
export type PermissionModule = keyof Groups;
export type Permission = { [M in PermissionModule]: keyof Groups[M] }[PermissionModule];

export const permissionModules = Object.keys(permissionGroups) as PermissionModule[];
export const allPermissions = permissionModules.flatMap(
  (module) => Object.keys(permissionGroups[module]) as Permission[],
);
const permissionSet: ReadonlySet<string> = new Set(allPermissions);

export function isPermission(value: string): value is Permission {
  return permissionSet.has(value);
}

export function describePermission(permission: Permission): string {
  const module = permission.split(':')[0] as PermissionModule;
  return (permissionGroups[module] as Record<string, string>)[permission] ?? permission;
}

export function hasPermission(granted: Iterable<string>, needed: Permission): boolean {
  for (const p of granted) if (p === needed) return true;
  return false;
}

const readAll = allPermissions.filter((p) => p.endsWith(':read'));

export const OWNER_ROLE = 'Owner';

export interface PresetRole {
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly Permission[];
}

/** The roles a new store starts with. Owner always holds every permission and cannot be edited. */
export const presetRoles: readonly PresetRole[] = [
  {
    name: OWNER_ROLE,
    description: 'Owns the business: every permission, cannot be edited or removed from the last owner',
    permissions: allPermissions,
  },
  {
    name: 'Administrator',
    description: 'Runs the system day to day: everything except finance approvals',
    permissions: allPermissions.filter((p) => p !== 'finance:approve'),
  },
  {
    name: 'Operations',
    description: 'Catalog, orders, promotions, purchasing, logistics and marketplace channels',
    permissions: [
      ...readAll.filter((p) => !p.startsWith('finance') && !p.startsWith('staff')),
      'catalog:write',
      'catalog:publish',
      'catalog:moderate',
      'orders:write',
      'orders:fulfil',
      'promotions:write',
      'inventory:write',
      'purchasing:write',
      'logistics:write',
      'channels:write',
      'reports:export',
    ],
  },
  {
    name: 'Warehouse',
    description: 'Picks, packs and ships; receives purchase orders; keeps stock right',
    permissions: [
      'catalog:read',
      'orders:read',
      'orders:fulfil',
      'inventory:read',
      'inventory:write',
      'purchasing:read',
      'purchasing:write',
      'logistics:read',
    ],
  },
  {
    name: 'Finance',
    description: 'Ledger, expenses and their approval, settlements, refunds and reports',
    permissions: [
      'orders:read',
      'orders:refund',
      'customers:read',
      'purchasing:read',
      'purchasing:approve',
      'finance:read',
      'finance:write',
      'finance:approve',
      'analytics:read',
      'reports:read',
      'reports:export',
    ],
  },
  {
    name: 'Customer service',
    description: 'Answers customers: orders, refunds, customer accounts and reviews',
    permissions: [
      'catalog:read',
      'catalog:moderate',
      'orders:read',
      'orders:write',
      'orders:refund',
      'customers:read',
      'customers:write',
      'promotions:read',
      'logistics:read',
    ],
  },
  {
    name: 'Read-only analyst',
    description: 'Sees everything that is not about people, changes nothing',
    permissions: readAll.filter((p) => p !== 'staff:read'),
  },
];
