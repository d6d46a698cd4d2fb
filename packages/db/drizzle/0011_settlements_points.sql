CREATE TABLE "settlement_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"day" text NOT NULL,
	"imported_by" uuid,
	"line_count" integer NOT NULL,
	"matched" integer NOT NULL,
	"mismatched" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlement_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"import_id" uuid NOT NULL,
	"line_no" integer,
	"transaction_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint,
	"fee" bigint,
	"net" bigint,
	"currency" text NOT NULL,
	"expected_amount" bigint,
	"status" text NOT NULL,
	"payment_id" uuid,
	"refund_id" uuid,
	"resolved_at" timestamp (3) with time zone,
	"resolved_by" uuid,
	"resolution_note" text,
	CONSTRAINT "settlement_lines_status_check" CHECK ("settlement_lines"."status" in ('matched', 'amount_differs', 'unknown', 'missing'))
);
--> statement-breakpoint
DROP INDEX "points_ledger_order_reason_key";--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "points_redeemed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "points_discount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "settlement_imports" ADD CONSTRAINT "settlement_imports_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_import_id_settlement_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."settlement_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "settlement_imports_provider_idx" ON "settlement_imports" USING btree ("provider","day");--> statement-breakpoint
CREATE INDEX "settlement_lines_import_idx" ON "settlement_lines" USING btree ("import_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "points_ledger_order_reason_key" ON "points_ledger" USING btree ("order_id","reason") WHERE "points_ledger"."reason" in ('earned', 'redeemed', 'restored');