CREATE TABLE "sim_amazon_reports" (
	"report_id" text PRIMARY KEY NOT NULL,
	"selling_partner_id" text NOT NULL,
	"report_type" text NOT NULL,
	"marketplace_ids" text[] NOT NULL,
	"data_start_time" timestamp (3) with time zone NOT NULL,
	"data_end_time" timestamp (3) with time zone NOT NULL,
	"document_id" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channel_imports" DROP CONSTRAINT "channel_imports_status_check";--> statement-breakpoint
ALTER TABLE "channel_imports" ALTER COLUMN "file_sha256" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_imports" ALTER COLUMN "file_bytes" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_imports" ALTER COLUMN "blob_key" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_imports" ALTER COLUMN "delimiter" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_imports" ALTER COLUMN "header_row" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_imports" ADD COLUMN "source" text DEFAULT 'upload' NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_imports" ADD COLUMN "platform_report_id" text;--> statement-breakpoint
ALTER TABLE "sim_amazon_reports" ADD CONSTRAINT "sim_amazon_reports_selling_partner_id_sim_amazon_sellers_selling_partner_id_fk" FOREIGN KEY ("selling_partner_id") REFERENCES "public"."sim_amazon_sellers"("selling_partner_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_imports" ADD CONSTRAINT "channel_imports_source_check" CHECK ("channel_imports"."source" in ('upload', 'platform'));--> statement-breakpoint
ALTER TABLE "channel_imports" ADD CONSTRAINT "channel_imports_file_check" CHECK ("channel_imports"."status" in ('fetching', 'failed') or ("channel_imports"."blob_key" is not null and "channel_imports"."file_bytes" is not null and "channel_imports"."delimiter" is not null and "channel_imports"."header_row" is not null));--> statement-breakpoint
ALTER TABLE "channel_imports" ADD CONSTRAINT "channel_imports_status_check" CHECK ("channel_imports"."status" in ('fetching', 'ready', 'running', 'succeeded', 'failed'));