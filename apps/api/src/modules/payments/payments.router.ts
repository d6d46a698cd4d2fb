// Customers pay for their orders: start a payment (the answer is the cashier to send them to),
// and ask where it stands while they wait.
import { paymentStatusInput, startPaymentInput } from '@crossdock/domain/payments';
import { customerProcedure, router } from '../../trpc';
import * as payments from './payments.service';

export const paymentsRouter = router({
  start: customerProcedure
    .input(startPaymentInput)
    .mutation(({ ctx, input }) => payments.startPayment(ctx.deps, ctx.user.id, input)),
  status: customerProcedure
    .input(paymentStatusInput)
    .query(({ ctx, input }) => payments.paymentStatus(ctx.deps, ctx.user.id, input.orderId)),
});
