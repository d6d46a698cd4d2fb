// Shipping methods with their zones and weight brackets, kept in the base currency.
import type { Executor } from '@crossdock/db/client';
import { shippingMethods, shippingRates, shippingZones } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import type { ShippingMethodInput } from '@crossdock/domain/logistics';
import type { ZoneRate } from '@crossdock/domain/shipping';
import { asc, eq, inArray } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { referenceWrite } from '../../infra/reference-cache';
import { type Actor, writeAudit } from '../identity/audit';

export interface MethodWithZones {
  id: string;
  code: string;
  name: { en: string; 'zh-CN'?: string };
  description: { en: string; 'zh-CN'?: string } | null;
  active: boolean;
  position: number;
  zones: (ZoneRate & { name: string })[];
}

export async function listShippingMethods(
  db: Executor,
  options: { activeOnly?: boolean } = {},
): Promise<MethodWithZones[]> {
  const methods = await db
    .select()
    .from(shippingMethods)
    .where(options.activeOnly ? eq(shippingMethods.active, true) : undefined)
    .orderBy(asc(shippingMethods.position), asc(shippingMethods.code));
  if (methods.length === 0) return [];
  const zones = await db
    .select()
    .from(shippingZones)
    .where(
      inArray(
        shippingZones.methodId,
        methods.map((m) => m.id),
      ),
    );
  const rates = zones.length
    ? await db
        .select()
        .from(shippingRates)
        .where(
          inArray(
            shippingRates.zoneId,
            zones.map((z) => z.id),
          ),
        )
    : [];
  return methods.map((m) => ({
    id: m.id,
    code: m.code,
    name: m.name,
    description: m.description,
    active: m.active,
    position: m.position,
    zones: zones
      .filter((z) => z.methodId === m.id)
      .map((z) => ({
        zoneId: z.id,
        name: z.name,
        countries: z.countries,
        brackets: rates
          .filter((r) => r.zoneId === z.id)
          .map((r) => ({ maxGrams: r.maxGrams, amount: r.amount })),
      })),
  }));
}

export async function saveShippingMethod(deps: AppDeps, actor: Actor, input: ShippingMethodInput) {
  return referenceWrite(deps, async (tx) => {
    const { zones, id, ...fields } = input;
    let methodId = id;
    if (methodId) {
      const [updated] = await tx
        .update(shippingMethods)
        .set(fields)
        .where(eq(shippingMethods.id, methodId))
        .returning();
      if (!updated) throw new DomainError('NOT_FOUND', 'There is no such shipping method');
      await tx.delete(shippingZones).where(eq(shippingZones.methodId, methodId));
    } else {
      const [created] = await tx.insert(shippingMethods).values(fields).returning();
      methodId = created!.id;
    }
    for (const zone of zones) {
      const [row] = await tx
        .insert(shippingZones)
        .values({ methodId, name: zone.name, countries: zone.countries })
        .returning();
      await tx.insert(shippingRates).values(zone.brackets.map((b) => ({ zoneId: row!.id, ...b })));
    }
    await writeAudit(tx, actor, {
      action: id ? 'shipping_method.updated' : 'shipping_method.created',
      entityType: 'shipping_method',
      entityId: methodId,
      after: input,
    });
    const [saved] = (await listShippingMethods(tx)).filter((m) => m.id === methodId);
    return saved!;
  });
}
