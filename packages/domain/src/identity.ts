// Contracts for everything identity exposes: sign-up, sign-in, sessions, password reset,
// staff administration, roles and the audit log. The server enforces these schemas and the
// clients validate their forms with the same ones.
import { z } from 'zod';
import { locales, say } from './messages';
import { pageInput } from './pagination';
import { allPermissions, type Permission } from './permissions';
import { atLeastOneField, safeDate, safeString } from './text';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export { type Locale, locales } from './messages';
export const localeSchema = z.enum(locales);

export const userKinds = ['staff', 'customer'] as const;
export type UserKind = (typeof userKinds)[number];

export const userStatuses = ['active', 'disabled'] as const;
export type UserStatus = (typeof userStatuses)[number];

export const emailSchema = safeString()
  .trim()
  .max(254, say('email.tooLong'))
  .pipe(z.email(say('v.email')))
  .transform((email) => email.toLowerCase());

/** Length only; the server also refuses common and guessable passwords. */
export const passwordSchema = safeString()
  .min(PASSWORD_MIN, say('v.tooShort', { min: PASSWORD_MIN }))
  .max(PASSWORD_MAX, say('v.tooLong', { max: PASSWORD_MAX }));

export const nameSchema = safeString().trim().min(1, say('name.enter')).max(120, say('name.tooLong'));

export const permissionSchema = z.enum(allPermissions as [Permission, ...Permission[]]);

/** How the refresh token travels: an httpOnly cookie (storefront) or the response body (desktop). */
export const tokenTransportSchema = z.enum(['cookie', 'body']);
export type TokenTransport = z.infer<typeof tokenTransportSchema>;

// ---- authentication -------------------------------------------------------------------------

export const registerInput = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema,
  locale: localeSchema.default('en'),
  transport: tokenTransportSchema.default('cookie'),
});

export const loginInput = z.strictObject({
  email: emailSchema,
  // Not the full password rules: an old account may predate them, and the answer to any
  // wrong password must be the same.
  password: safeString().min(1, say('password.enter')).max(PASSWORD_MAX),
  kind: z.enum(userKinds),
  transport: tokenTransportSchema.default('body'),
});

export const refreshInput = z.strictObject({
  /** Omit when the token is in the cookie. */
  refreshToken: safeString().min(1).max(200).optional(),
});

export const logoutInput = z
  .strictObject({ refreshToken: safeString().min(1).max(200).optional() })
  .default({});

export const changePasswordInput = z.strictObject({
  currentPassword: safeString().min(1, say('password.current')).max(PASSWORD_MAX),
  newPassword: passwordSchema,
});

export const requestPasswordResetInput = z.strictObject({
  email: emailSchema,
  kind: z.enum(userKinds).default('customer'),
});

export const resetPasswordInput = z.strictObject({
  token: safeString().min(1, say('reset.incomplete')).max(200),
  newPassword: passwordSchema,
});

export const updateProfileInput = atLeastOneField(
  z.strictObject({
    name: nameSchema.optional(),
    locale: localeSchema.optional(),
  }),
);

// ---- staff administration -------------------------------------------------------------------

export const staffListInput = z.strictObject({
  ...pageInput,
  search: safeString().trim().max(120).optional(),
  status: z.enum(userStatuses).optional(),
  roleId: z.uuid().optional(),
});

export const createStaffInput = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  locale: localeSchema.default('en'),
  roleIds: z.array(z.uuid()).max(50).default([]),
});

export const updateStaffInput = z.strictObject({
  id: z.uuid(),
  name: nameSchema.optional(),
  locale: localeSchema.optional(),
});

export const setStaffStatusInput = z.strictObject({
  id: z.uuid(),
  status: z.enum(userStatuses),
});

export const setStaffRolesInput = z.strictObject({
  id: z.uuid(),
  roleIds: z.array(z.uuid()).max(50),
});

export const idInput = z.strictObject({ id: z.uuid() });

// ---- roles ----------------------------------------------------------------------------------

const roleName = safeString().trim().min(1, say('role.name')).max(60, say('role.nameTooLong'));
const rolePermissions = z
  .array(permissionSchema)
  .max(allPermissions.length)
  .transform((list) => [...new Set(list)].sort());

export const createRoleInput = z.strictObject({
  name: roleName,
  description: safeString().trim().max(300).default(''),
  permissions: rolePermissions,
});

export const updateRoleInput = z.strictObject({
  id: z.uuid(),
  name: roleName.optional(),
  description: safeString().trim().max(300).optional(),
  permissions: rolePermissions.optional(),
});

// ---- audit log ------------------------------------------------------------------------------

export const auditListInput = z.strictObject({
  ...pageInput,
  actorId: z.uuid().optional(),
  action: safeString().trim().max(80).optional(),
  entityType: safeString().trim().max(60).optional(),
  entityId: safeString().trim().max(80).optional(),
  from: safeDate().optional(),
  to: safeDate().optional(),
});

export type RegisterInput = z.infer<typeof registerInput>;
export type LoginInput = z.infer<typeof loginInput>;
export type StaffListInput = z.infer<typeof staffListInput>;
export type CreateStaffInput = z.infer<typeof createStaffInput>;
export type AuditListInput = z.infer<typeof auditListInput>;

export const roleListInput = z.strictObject({ ...pageInput });
