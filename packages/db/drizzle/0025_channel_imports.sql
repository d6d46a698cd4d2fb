CREATE TABLE "channel_import_errors" (
	"import_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"column" text,
	"message_key" text NOT NULL,
	"message_values" jsonb
);
--> statement-breakpoint
CREATE TABLE "channel_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"format" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"file_bytes" integer NOT NULL,
	"blob_key" text NOT NULL,
	"delimiter" text NOT NULL,
	"header_row" integer NOT NULL,
	"status" text DEFAULT 'ready' NOT NULL,
	"bytes_read" integer DEFAULT 0 NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_failed" integer DEFAULT 0 NOT NULL,
	"orders_new" integer DEFAULT 0 NOT NULL,
	"orders_updated" integer DEFAULT 0 NOT NULL,
	"orders_unchanged" integer DEFAULT 0 NOT NULL,
	"orders_waiting" integer DEFAULT 0 NOT NULL,
	"orders_skipped" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp (3) with time zone,
	"heartbeat_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "channel_imports_status_check" CHECK ("channel_imports"."status" in ('ready', 'running', 'succeeded', 'failed')),
	CONSTRAINT "channel_imports_counts_check" CHECK ("channel_imports"."rows_read" >= 0 and "channel_imports"."rows_failed" >= 0 and "channel_imports"."bytes_read" >= 0)
);
--> statement-breakpoint
ALTER TABLE "channel_import_errors" ADD CONSTRAINT "channel_import_errors_import_id_channel_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."channel_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_imports" ADD CONSTRAINT "channel_imports_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_imports" ADD CONSTRAINT "channel_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_import_errors_row_idx" ON "channel_import_errors" USING btree ("import_id","row");--> statement-breakpoint
CREATE INDEX "channel_imports_shop_idx" ON "channel_imports" USING btree ("shop_id","created_at");