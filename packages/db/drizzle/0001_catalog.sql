CREATE TABLE "brands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"archived_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"parent_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	"slug" text NOT NULL,
	"name" jsonb NOT NULL,
	"description" jsonb,
	"archived_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "categories_name_check" CHECK (jsonb_typeof("categories"."name" -> 'en') = 'string'),
	CONSTRAINT "categories_not_own_parent_check" CHECK ("categories"."parent_id" is distinct from "categories"."id")
);
--> statement-breakpoint
CREATE TABLE "currencies" (
	"code" text PRIMARY KEY NOT NULL,
	"rate" numeric(20, 10) NOT NULL,
	"rounding_mode" text NOT NULL,
	"rounding_step" integer NOT NULL,
	"rounding_ending" integer DEFAULT 0 NOT NULL,
	"is_base" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "currencies_code_check" CHECK ("currencies"."code" ~ '^[A-Z]{3}$'),
	CONSTRAINT "currencies_rate_check" CHECK ("currencies"."rate" > 0),
	CONSTRAINT "currencies_base_rate_check" CHECK (not "currencies"."is_base" or "currencies"."rate" = 1),
	CONSTRAINT "currencies_rounding_check" CHECK ("currencies"."rounding_step" >= 1 and "currencies"."rounding_ending" >= 0 and "currencies"."rounding_ending" < "currencies"."rounding_step")
);
--> statement-breakpoint
CREATE TABLE "option_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"option_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"code" text NOT NULL,
	"label" jsonb NOT NULL,
	CONSTRAINT "option_values_label_check" CHECK (jsonb_typeof("option_values"."label" -> 'en') = 'string')
);
--> statement-breakpoint
CREATE TABLE "product_options" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" jsonb NOT NULL,
	CONSTRAINT "product_options_name_check" CHECK (jsonb_typeof("product_options"."name" -> 'en') = 'string')
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb,
	"category_id" uuid NOT NULL,
	"brand_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"seo_title" jsonb,
	"seo_description" jsonb,
	"published_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_status_check" CHECK ("products"."status" in ('draft', 'active', 'archived')),
	CONSTRAINT "products_title_check" CHECK (jsonb_typeof("products"."title" -> 'en') = 'string'),
	CONSTRAINT "products_published_check" CHECK ("products"."status" <> 'active' or "products"."published_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "sku_option_values" (
	"sku_id" uuid NOT NULL,
	"option_value_id" uuid NOT NULL,
	CONSTRAINT "sku_option_values_sku_id_option_value_id_pk" PRIMARY KEY("sku_id","option_value_id")
);
--> statement-breakpoint
CREATE TABLE "sku_prices" (
	"sku_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"price" bigint NOT NULL,
	"compare_at_price" bigint,
	CONSTRAINT "sku_prices_sku_id_currency_pk" PRIMARY KEY("sku_id","currency"),
	CONSTRAINT "sku_prices_price_check" CHECK ("sku_prices"."price" >= 0),
	CONSTRAINT "sku_prices_compare_at_check" CHECK ("sku_prices"."compare_at_price" is null or "sku_prices"."compare_at_price" > "sku_prices"."price")
);
--> statement-breakpoint
CREATE TABLE "skus" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"code" text NOT NULL,
	"barcode" text,
	"combination_key" text NOT NULL,
	"base_price" bigint,
	"compare_at_price" bigint,
	"weight_grams" integer,
	"length_mm" integer,
	"width_mm" integer,
	"height_mm" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "skus_status_check" CHECK ("skus"."status" in ('active', 'inactive')),
	CONSTRAINT "skus_price_check" CHECK ("skus"."base_price" is null or "skus"."base_price" >= 0),
	CONSTRAINT "skus_compare_at_check" CHECK ("skus"."compare_at_price" is null or ("skus"."base_price" is not null and "skus"."compare_at_price" > "skus"."base_price")),
	CONSTRAINT "skus_dimensions_check" CHECK (coalesce("skus"."weight_grams", 0) >= 0 and coalesce("skus"."length_mm", 0) >= 0 and coalesce("skus"."width_mm", 0) >= 0 and coalesce("skus"."height_mm", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_id_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "option_values" ADD CONSTRAINT "option_values_option_id_product_options_id_fk" FOREIGN KEY ("option_id") REFERENCES "public"."product_options"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_options" ADD CONSTRAINT "product_options_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sku_option_values" ADD CONSTRAINT "sku_option_values_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sku_option_values" ADD CONSTRAINT "sku_option_values_option_value_id_option_values_id_fk" FOREIGN KEY ("option_value_id") REFERENCES "public"."option_values"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sku_prices" ADD CONSTRAINT "sku_prices_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sku_prices" ADD CONSTRAINT "sku_prices_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skus" ADD CONSTRAINT "skus_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "brands_slug_key" ON "brands" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "categories_slug_key" ON "categories" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "categories_parent_idx" ON "categories" USING btree ("parent_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "currencies_single_base_key" ON "currencies" USING btree ("is_base") WHERE "currencies"."is_base";--> statement-breakpoint
CREATE UNIQUE INDEX "option_values_code_key" ON "option_values" USING btree ("option_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "product_options_position_key" ON "product_options" USING btree ("product_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "products_slug_key" ON "products" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "products" USING btree ("category_id","status");--> statement-breakpoint
CREATE INDEX "products_brand_idx" ON "products" USING btree ("brand_id");--> statement-breakpoint
CREATE INDEX "products_created_idx" ON "products" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "sku_option_values_value_idx" ON "sku_option_values" USING btree ("option_value_id");--> statement-breakpoint
CREATE UNIQUE INDEX "skus_code_key" ON "skus" USING btree (upper("code"));--> statement-breakpoint
CREATE UNIQUE INDEX "skus_combination_key" ON "skus" USING btree ("product_id","combination_key");--> statement-breakpoint
CREATE UNIQUE INDEX "skus_barcode_key" ON "skus" USING btree ("barcode") WHERE "skus"."barcode" is not null;--> statement-breakpoint
CREATE INDEX "skus_product_idx" ON "skus" USING btree ("product_id","position");