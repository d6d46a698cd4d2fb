// Walking the category tree in the database.

import { type Executor, resultRows } from '@crossdock/db/client';
import { categories } from '@crossdock/db/schema';
import { sql } from 'drizzle-orm';

/** The category and every category above it, nearest first. */
export async function ancestorIds(tx: Executor, id: string): Promise<string[]> {
  const result = await tx.execute(sql`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from ${categories} where id = ${id}
      union all
      select c.id, c.parent_id, up.depth + 1 from ${categories} c join up on c.id = up.parent_id where up.depth < 100
    )
    select id from up order by depth`);
  return resultRows<{ id: string }>(result).map((r) => r.id);
}

/** The category and every category below it. */
export async function descendantIds(tx: Executor, id: string): Promise<string[]> {
  const result = await tx.execute(sql`
    with recursive sub(id, depth) as (
      select ${id}::uuid, 0
      union all
      select c.id, sub.depth + 1 from ${categories} c join sub on c.parent_id = sub.id where sub.depth < 100
    )
    select id from sub`);
  return resultRows<{ id: string }>(result).map((r) => r.id);
}
