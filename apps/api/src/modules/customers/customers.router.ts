// Customers for staff with customers:read.
import { customerListInput, customerRefInput } from '@crossdock/domain/customers';
import { router, staffProcedure } from '../../trpc';
import * as customers from './customers.service';

export const customersRouter = router({
  list: staffProcedure('customers:read')
    .input(customerListInput)
    .query(({ ctx, input }) => customers.listCustomers(ctx.deps.db, input)),
  get: staffProcedure('customers:read')
    .input(customerRefInput)
    .query(({ ctx, input }) => customers.customerDetail(ctx.deps, input.id)),
});
