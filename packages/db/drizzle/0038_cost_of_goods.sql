ALTER TABLE "shipment_lines" ADD COLUMN "unit_cost" numeric(18, 4);--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "cost_of_goods" numeric(20, 4) DEFAULT 0;--> statement-breakpoint
-- Units shipped before costing began: what they cost is not known.
UPDATE "order_lines" SET "cost_of_goods" = NULL WHERE "shipped_quantity" > 0;
