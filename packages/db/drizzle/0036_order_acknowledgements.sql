CREATE TABLE "sim_amazon_feed_documents" (
	"feed_document_id" text PRIMARY KEY NOT NULL,
	"selling_partner_id" text NOT NULL,
	"content_type" text NOT NULL,
	"content" text,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_amazon_feeds" (
	"feed_id" text PRIMARY KEY NOT NULL,
	"selling_partner_id" text NOT NULL,
	"feed_type" text NOT NULL,
	"marketplace_ids" text[] NOT NULL,
	"input_feed_document_id" text NOT NULL,
	"result_feed_document_id" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channel_pushes" DROP CONSTRAINT "channel_pushes_kind_check";--> statement-breakpoint
ALTER TABLE "channel_pushes" ADD COLUMN "batch" text;--> statement-breakpoint
ALTER TABLE "channel_pushes" ADD COLUMN "batch_item" integer;--> statement-breakpoint
ALTER TABLE "sim_amazon_feed_documents" ADD CONSTRAINT "sim_amazon_feed_documents_selling_partner_id_sim_amazon_sellers_selling_partner_id_fk" FOREIGN KEY ("selling_partner_id") REFERENCES "public"."sim_amazon_sellers"("selling_partner_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sim_amazon_feeds" ADD CONSTRAINT "sim_amazon_feeds_selling_partner_id_sim_amazon_sellers_selling_partner_id_fk" FOREIGN KEY ("selling_partner_id") REFERENCES "public"."sim_amazon_sellers"("selling_partner_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_pushes" ADD CONSTRAINT "channel_pushes_batch_check" CHECK (("channel_pushes"."batch" is null) = ("channel_pushes"."batch_item" is null));--> statement-breakpoint
ALTER TABLE "channel_pushes" ADD CONSTRAINT "channel_pushes_kind_check" CHECK ("channel_pushes"."kind" in ('shipment', 'stock', 'acknowledgement', 'cancellation'));