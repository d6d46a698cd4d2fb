// Inventory procedures for staff: warehouses, stock per SKU, adjustments and the ledger.

import { countListInput, enterCountInput, startCountInput } from '@crossdock/domain/counts';
import {
  adjustStockInput,
  createWarehouseInput,
  movementListInput,
  stockLevelsInput,
} from '@crossdock/domain/inventory';
import { createTransferInput, receiveTransferInput, transferListInput } from '@crossdock/domain/transfers';
import { z } from 'zod';
import { router, staffProcedure } from '../../trpc';
import { auditActor } from '../identity/audit';
import * as counts from './counts.service';
import * as inventory from './inventory.service';
import * as transfers from './transfers.service';

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
  /** Stock moving between warehouses: drafted, shipped (in transit), received in deliveries. */
  transfers: router({
    list: staffProcedure('inventory:read')
      .input(transferListInput)
      .query(({ ctx, input }) => transfers.listTransfers(ctx.deps.db, input)),
    get: staffProcedure('inventory:read')
      .input(z.strictObject({ id: z.uuid() }))
      .query(({ ctx, input }) => transfers.getTransfer(ctx.deps.db, input.id)),
    create: staffProcedure('inventory:write')
      .input(createTransferInput)
      .mutation(({ ctx, input }) => transfers.createTransfer(ctx.deps, auditActor(ctx), input)),
    ship: staffProcedure('inventory:write')
      .input(z.strictObject({ id: z.uuid() }))
      .mutation(({ ctx, input }) => transfers.shipTransfer(ctx.deps, auditActor(ctx), input.id)),
    receive: staffProcedure('inventory:write')
      .input(receiveTransferInput)
      .mutation(({ ctx, input }) => transfers.receiveTransfer(ctx.deps, auditActor(ctx), input)),
    cancel: staffProcedure('inventory:write')
      .input(z.strictObject({ id: z.uuid() }))
      .mutation(({ ctx, input }) => transfers.cancelTransfer(ctx.deps, auditActor(ctx), input.id)),
  }),
  /** Stock counts: started (the books frozen), counted blind by barcode or code, reviewed, posted once. */
  counts: router({
    list: staffProcedure('inventory:read')
      .input(countListInput)
      .query(({ ctx, input }) => counts.listCounts(ctx.deps.db, input)),
    /** What counters see: the count and its progress, not the books. */
    get: staffProcedure('inventory:read')
      .input(z.strictObject({ id: z.uuid() }))
      .query(({ ctx, input }) => counts.countHeader(ctx.deps.db, input.id)),
    review: staffProcedure('inventory:read')
      .input(z.strictObject({ id: z.uuid() }))
      .query(({ ctx, input }) => counts.countReview(ctx.deps.db, input.id)),
    start: staffProcedure('inventory:write')
      .input(startCountInput)
      .mutation(({ ctx, input }) => counts.startCount(ctx.deps, auditActor(ctx), input)),
    enter: staffProcedure('inventory:write')
      .input(enterCountInput)
      .mutation(({ ctx, input }) => counts.enterCount(ctx.deps, auditActor(ctx), input)),
    post: staffProcedure('inventory:write')
      .input(z.strictObject({ id: z.uuid() }))
      .mutation(({ ctx, input }) => counts.postCount(ctx.deps, auditActor(ctx), input.id)),
    cancel: staffProcedure('inventory:write')
      .input(z.strictObject({ id: z.uuid() }))
      .mutation(({ ctx, input }) => counts.cancelCount(ctx.deps, auditActor(ctx), input.id)),
  }),
});
