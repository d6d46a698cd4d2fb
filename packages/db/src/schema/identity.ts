// Identity: people (staff and customers), roles, sessions, password resets, and the audit log.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  inet,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    kind: text({ enum: ['staff', 'customer'] }).notNull(),
    status: text({ enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    locale: text({ enum: ['en', 'zh-CN'] })
      .notNull()
      .default('en'),
    passwordChangedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastLoginAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`),
    index('users_kind_created_idx').on(t.kind, t.createdAt, t.id),
    check('users_kind_check', sql`${t.kind} in ('staff', 'customer')`),
    check('users_status_check', sql`${t.status} in ('active', 'disabled')`),
    check('users_locale_check', sql`${t.locale} in ('en', 'zh-CN')`),
    check('users_email_check', sql`${t.email} = lower(${t.email}) and position('@' in ${t.email}) > 1`),
  ],
);

export const roles = pgTable(
  'roles',
  {
    id: id(),
    name: text().notNull(),
    description: text().notNull().default(''),
    permissions: text().array().notNull().default(sql`'{}'::text[]`),
    /** The Owner role: always every permission, never edited or deleted. */
    isOwner: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('roles_name_lower_key').on(sql`lower(${t.name})`),
    // At most one Owner role.
    uniqueIndex('roles_single_owner_key').on(t.isOwner).where(sql`${t.isOwner}`),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleId: uuid()
      .notNull()
      .references(() => roles.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleId] }), index('user_roles_role_idx').on(t.roleId)],
);

/**
 * One row per refresh token ever issued. Tokens of one sign-in share a `familyId`; using a
 * token rotates it (sets `rotatedAt`, issues the next row in the family). Presenting a rotated
 * token again means it was stolen: the whole family is revoked. Access tokens carry the
 * family id, so revoking a family also ends its access tokens on their next request.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: uuid().notNull(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    rotatedAt: timestamp({ withTimezone: true, precision: 3 }),
    revokedAt: timestamp({ withTimezone: true, precision: 3 }),
    revokedReason: text(),
    userAgent: text(),
    ip: inet(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_key').on(t.tokenHash),
    index('sessions_family_idx').on(t.familyId),
    index('sessions_user_idx').on(t.userId),
  ],
);

export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    usedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('password_reset_tokens_hash_key').on(t.tokenHash),
    index('password_reset_tokens_user_idx').on(t.userId),
  ],
);

/** Who changed what: one row per staff action on business data, with before and after. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    ip: inet(),
    requestId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_created_idx').on(t.createdAt, t.id),
    index('audit_log_actor_idx').on(t.actorId, t.createdAt),
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.createdAt),
    // The check that every staff mutation wrote its row looks rows up by request.
    index('audit_log_request_idx').on(t.requestId),
  ],
);
