// Purchasing for staff (`purchasing:*`): suppliers and their prices, purchase orders from draft
// to closed, and the goods received against them.
import {
  createPurchaseOrderInput,
  createSupplierInput,
  purchaseOrderActionInput,
  purchaseOrderListInput,
  receiveGoodsInput,
  setSupplierPricesInput,
  supplierListInput,
  updatePurchaseOrderInput,
  updateSupplierInput,
} from '@crossdock/domain/purchasing';
import { safeString } from '@crossdock/domain/text';
import { z } from 'zod';
import { router, staffProcedure } from '../../trpc';
import { findSkus } from '../catalog/sku-search';
import { auditActor } from '../identity/audit';
import * as orders from './purchase-orders.service';
import * as suppliers from './suppliers.service';

const byId = z.strictObject({ id: z.uuid() });

export const purchasingRouter = router({
  suppliers: router({
    list: staffProcedure('purchasing:read')
      .input(supplierListInput)
      .query(({ ctx, input }) => suppliers.listSuppliers(ctx.deps.db, input)),
    get: staffProcedure('purchasing:read')
      .input(byId)
      .query(async ({ ctx, input }) => ({
        ...(await suppliers.findSupplier(ctx.deps.db, input.id)),
        prices: await suppliers.pricesOf(ctx.deps.db, input.id),
      })),
    create: staffProcedure('purchasing:write')
      .input(createSupplierInput)
      .mutation(({ ctx, input }) => suppliers.createSupplier(ctx.deps, auditActor(ctx), input)),
    update: staffProcedure('purchasing:write')
      .input(updateSupplierInput)
      .mutation(({ ctx, input }) => suppliers.updateSupplier(ctx.deps, auditActor(ctx), input)),
    /** Only a supplier no purchase order names (SUPPLIER_HAS_ORDERS otherwise). */
    delete: staffProcedure('purchasing:write')
      .input(byId)
      .mutation(({ ctx, input }) => suppliers.deleteSupplier(ctx.deps, auditActor(ctx), input.id)),
    setPrices: staffProcedure('purchasing:write')
      .input(setSupplierPricesInput)
      .mutation(({ ctx, input }) => suppliers.setSupplierPrices(ctx.deps, auditActor(ctx), input)),
  }),
  /** SKUs to put on a purchase order or price, by part of their code, barcode or title. */
  skus: staffProcedure('purchasing:read')
    .input(z.strictObject({ search: safeString().trim().min(1).max(100) }))
    .query(({ ctx, input }) => findSkus(ctx.deps.db, input.search)),
  orders: router({
    list: staffProcedure('purchasing:read')
      .input(purchaseOrderListInput)
      .query(({ ctx, input }) => orders.listPurchaseOrders(ctx.deps.db, input)),
    get: staffProcedure('purchasing:read')
      .input(byId)
      .query(({ ctx, input }) => orders.getPurchaseOrder(ctx.deps.db, input.id)),
    create: staffProcedure('purchasing:write')
      .input(createPurchaseOrderInput)
      .mutation(({ ctx, input }) => orders.createPurchaseOrder(ctx.deps, auditActor(ctx), input)),
    update: staffProcedure('purchasing:write')
      .input(updatePurchaseOrderInput)
      .mutation(({ ctx, input }) => orders.updatePurchaseOrder(ctx.deps, auditActor(ctx), input)),
    /** Approve (above the limit only with purchasing:approve), send, cancel or close. */
    act: staffProcedure('purchasing:write')
      .input(purchaseOrderActionInput)
      .mutation(({ ctx, input }) =>
        orders.actOnPurchaseOrder(
          ctx.deps,
          { ...auditActor(ctx), mayApprove: ctx.user.permissions.has('purchasing:approve') },
          input,
        ),
      ),
    /** Approval by someone who may approve purchase orders of any value (finance, without purchasing:write). */
    approve: staffProcedure('purchasing:approve')
      .input(byId)
      .mutation(({ ctx, input }) =>
        orders.actOnPurchaseOrder(
          ctx.deps,
          { ...auditActor(ctx), mayApprove: true },
          { id: input.id, action: 'approve' },
        ),
      ),
    /** A delivery against the order: a goods received note, stock and cost in one transaction. */
    receive: staffProcedure('purchasing:write')
      .input(receiveGoodsInput)
      .mutation(({ ctx, input }) => orders.receiveGoods(ctx.deps, auditActor(ctx), input)),
  }),
});
