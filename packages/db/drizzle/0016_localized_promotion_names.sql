-- A promotion's name, and the name an order kept of it, become words in each language like a
-- product's title: a name already stored becomes { "en": … }.
ALTER TABLE "order_discounts" ALTER COLUMN "name" SET DATA TYPE jsonb USING jsonb_build_object('en', "name");--> statement-breakpoint
ALTER TABLE "promotions" ALTER COLUMN "name" SET DATA TYPE jsonb USING jsonb_build_object('en', "name");--> statement-breakpoint
ALTER TABLE "order_discounts" ADD CONSTRAINT "order_discounts_name_check" CHECK (jsonb_typeof("order_discounts"."name" -> 'en') = 'string');--> statement-breakpoint
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_name_check" CHECK (jsonb_typeof("promotions"."name" -> 'en') = 'string');
