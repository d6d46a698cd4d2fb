// Staff administration for the desktop app: staff accounts, roles and the audit log.
import {
  auditListInput,
  createRoleInput,
  createStaffInput,
  idInput,
  roleListInput,
  setStaffRolesInput,
  setStaffStatusInput,
  staffListInput,
  updateRoleInput,
  updateStaffInput,
} from '@crossdock/domain/identity';
import type { Context } from '../../context';
import { router, staffProcedure } from '../../trpc';
import type { Principal } from './principal';
import * as rolesService from './roles.service';
import * as staff from './staff.service';

const actor = (ctx: Context & { user: Principal }): staff.StaffActor => ({
  ...ctx.user,
  ip: ctx.req.ip,
  requestId: ctx.req.requestId,
  at: ctx.deps.clock.now(),
});

export const staffRouter = router({
  list: staffProcedure('staff:read')
    .input(staffListInput)
    .query(({ ctx, input }) => staff.listStaff(ctx.deps, input)),

  get: staffProcedure('staff:read')
    .input(idInput)
    .query(({ ctx, input }) => staff.getStaff(ctx.deps, input.id)),

  create: staffProcedure('staff:write')
    .input(createStaffInput)
    .mutation(({ ctx, input }) => staff.createStaff(ctx.deps, actor(ctx), input)),

  update: staffProcedure('staff:write')
    .input(updateStaffInput)
    .mutation(async ({ ctx, input }) => {
      await staff.updateStaff(ctx.deps, actor(ctx), input);
      return staff.getStaff(ctx.deps, input.id);
    }),

  setStatus: staffProcedure('staff:write')
    .input(setStaffStatusInput)
    .mutation(async ({ ctx, input }) => {
      await staff.setStaffStatus(ctx.deps, actor(ctx), input);
      return staff.getStaff(ctx.deps, input.id);
    }),

  setRoles: staffProcedure('staff:roles')
    .input(setStaffRolesInput)
    .mutation(async ({ ctx, input }) => {
      await staff.setStaffRoles(ctx.deps, actor(ctx), input);
      return staff.getStaff(ctx.deps, input.id);
    }),
});

export const rolesRouter = router({
  list: staffProcedure('staff:read')
    .input(roleListInput)
    .query(({ ctx, input }) => rolesService.listRoles(ctx.deps, input)),

  get: staffProcedure('staff:read')
    .input(idInput)
    .query(({ ctx, input }) => rolesService.getRole(ctx.deps, input.id)),

  create: staffProcedure('staff:roles')
    .input(createRoleInput)
    .mutation(({ ctx, input }) => rolesService.createRole(ctx.deps, actor(ctx), input)),

  update: staffProcedure('staff:roles')
    .input(updateRoleInput)
    .mutation(({ ctx, input }) => rolesService.updateRole(ctx.deps, actor(ctx), input)),

  delete: staffProcedure('staff:roles')
    .input(idInput)
    .mutation(async ({ ctx, input }) => {
      await rolesService.deleteRole(ctx.deps, actor(ctx), input.id);
      return { ok: true as const };
    }),
});

export const auditRouter = router({
  list: staffProcedure('staff:audit')
    .input(auditListInput)
    .query(({ ctx, input }) => staff.listAudit(ctx.deps, input)),
});
