CREATE TABLE "channel_pushes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_at" timestamp (3) with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp (3) with time zone,
	CONSTRAINT "channel_pushes_kind_check" CHECK ("channel_pushes"."kind" in ('shipment')),
	CONSTRAINT "channel_pushes_status_check" CHECK ("channel_pushes"."status" in ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "channel_pushes" ADD CONSTRAINT "channel_pushes_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_pushes_subject_key" ON "channel_pushes" USING btree ("shop_id","kind","subject");--> statement-breakpoint
CREATE INDEX "channel_pushes_due_idx" ON "channel_pushes" USING btree ("next_at") WHERE "channel_pushes"."status" = 'pending';