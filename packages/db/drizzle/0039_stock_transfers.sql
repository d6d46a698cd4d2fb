CREATE SEQUENCE "public"."transfer_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "stock_transfer_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"sku_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"quantity" integer NOT NULL,
	"shipped" integer DEFAULT 0 NOT NULL,
	"unit_cost" numeric(18, 4),
	"landed_per_unit" numeric(18, 4) DEFAULT 0 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"missing" integer DEFAULT 0 NOT NULL,
	"discrepancy_note" text,
	CONSTRAINT "stock_transfer_lines_check" CHECK ("stock_transfer_lines"."quantity" >= 1 and "stock_transfer_lines"."shipped" between 0 and "stock_transfer_lines"."quantity"
        and "stock_transfer_lines"."received" >= 0 and "stock_transfer_lines"."missing" >= 0 and "stock_transfer_lines"."received" + "stock_transfer_lines"."missing" <= "stock_transfer_lines"."shipped")
);
--> statement-breakpoint
CREATE TABLE "stock_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"from_warehouse_id" uuid NOT NULL,
	"to_warehouse_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"freight" bigint DEFAULT 0 NOT NULL,
	"duties" bigint DEFAULT 0 NOT NULL,
	"basis" text DEFAULT 'weight' NOT NULL,
	"notes" text,
	"created_by" uuid,
	"shipped_at" timestamp (3) with time zone,
	"received_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_transfers_warehouses_check" CHECK ("stock_transfers"."from_warehouse_id" <> "stock_transfers"."to_warehouse_id"),
	CONSTRAINT "stock_transfers_status_check" CHECK ("stock_transfers"."status" in ('draft', 'in_transit', 'partially_received', 'received', 'cancelled')),
	CONSTRAINT "stock_transfers_basis_check" CHECK ("stock_transfers"."basis" in ('weight', 'volume', 'value', 'quantity')),
	CONSTRAINT "stock_transfers_amounts_check" CHECK ("stock_transfers"."freight" >= 0 and "stock_transfers"."duties" >= 0)
);
--> statement-breakpoint
ALTER TABLE "stock_movements" DROP CONSTRAINT "stock_movements_reason_check";--> statement-breakpoint
ALTER TABLE "stock_transfer_lines" ADD CONSTRAINT "stock_transfer_lines_transfer_id_stock_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."stock_transfers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfer_lines" ADD CONSTRAINT "stock_transfer_lines_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_from_warehouse_id_warehouses_id_fk" FOREIGN KEY ("from_warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_to_warehouse_id_warehouses_id_fk" FOREIGN KEY ("to_warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "stock_transfer_lines_sku_key" ON "stock_transfer_lines" USING btree ("transfer_id","sku_id");--> statement-breakpoint
CREATE INDEX "stock_transfer_lines_sku_idx" ON "stock_transfer_lines" USING btree ("sku_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_transfers_number_key" ON "stock_transfers" USING btree ("number");--> statement-breakpoint
CREATE INDEX "stock_transfers_status_idx" ON "stock_transfers" USING btree ("status","created_at");--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_reason_check" CHECK ("stock_movements"."reason" in ('opening', 'count_correction', 'damaged', 'lost', 'found', 'returned', 'received', 'shipped', 'reserved', 'released', 'transfer_out', 'transfer_in'));