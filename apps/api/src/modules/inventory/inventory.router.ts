// Inventory procedures for staff: warehouses, stock per SKU, adjustments and the ledger.
import {
  adjustStockInput,
  createWarehouseInput,
  movementListInput,
  stockLevelsInput,
} from '@crossdock/domain/inventory';
import { router, staffProcedure } from '../../trpc';
import { auditActor } from '../identity/audit';
import * as inventory from './inventory.service';

export const inventoryRouter = router({
  warehouses: staffProcedure('inventory:read').query(({ ctx }) => inventory.listWarehouses(ctx.deps.db)),
  createWarehouse: staffProcedure('inventory:write')
    .input(createWarehouseInput)
    .mutation(({ ctx, input }) => inventory.createWarehouse(ctx.deps, auditActor(ctx), input)),
  stock: staffProcedure('inventory:read')
    .input(stockLevelsInput)
    .query(({ ctx, input }) => inventory.stockForSku(ctx.deps.db, input.skuId)),
  adjust: staffProcedure('inventory:write')
    .input(adjustStockInput)
    .mutation(({ ctx, input }) => inventory.adjustStock(ctx.deps, auditActor(ctx), input)),
  movements: staffProcedure('inventory:read')
    .input(movementListInput)
    .query(({ ctx, input }) => inventory.listMovements(ctx.deps, input)),
});
