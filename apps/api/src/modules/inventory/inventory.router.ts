// Inventory procedures for staff: warehouses, stock per SKU, adjustments and the ledger.
import {
  adjustStockInput,
  createWarehouseInput,
  movementListInput,
  stockLevelsInput,
} from '@crossdock/domain/inventory';
import type { Context } from '../../context';
import { router, staffProcedure } from '../../trpc';
import type { Actor } from '../identity/audit';
import type { Principal } from '../identity/principal';
import * as inventory from './inventory.service';

const actor = (ctx: Context & { user: Principal }): Actor => ({
  id: ctx.user.id,
  ip: ctx.req.ip,
  requestId: ctx.req.requestId,
});

export const inventoryRouter = router({
  warehouses: staffProcedure('inventory:read').query(({ ctx }) => inventory.listWarehouses(ctx.deps.db)),
  createWarehouse: staffProcedure('inventory:write')
    .input(createWarehouseInput)
    .mutation(({ ctx, input }) => inventory.createWarehouse(ctx.deps, actor(ctx), input)),
  stock: staffProcedure('inventory:read')
    .input(stockLevelsInput)
    .query(({ ctx, input }) => inventory.stockForSku(ctx.deps.db, input.skuId)),
  adjust: staffProcedure('inventory:write')
    .input(adjustStockInput)
    .mutation(({ ctx, input }) => inventory.adjustStock(ctx.deps, actor(ctx), input)),
  movements: staffProcedure('inventory:read')
    .input(movementListInput)
    .query(({ ctx, input }) => inventory.listMovements(ctx.deps, input)),
});
