ALTER TABLE "tax_rates" ADD COLUMN "prices_include_tax" boolean;--> statement-breakpoint
-- Each market's default rate says whether its prices include the tax; existing markets get the
-- usual for their country (the list in packages/domain/src/tax.ts).
UPDATE "tax_rates" SET "prices_include_tax" = "country" = ANY (ARRAY['AT','BE','BG','CY','CZ','DE','DK','EE','ES','FI','FR','GR','HR','HU','IE','IT','LT','LU','LV','MT','NL','PL','PT','RO','SE','SI','SK','GB','CH','NO','IS','AU','NZ','JP','SG','CN','HK','TW','KR','MY','TH']) WHERE "category_id" IS NULL;--> statement-breakpoint
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_inclusive_on_default_check" CHECK (("tax_rates"."category_id" is null) = ("tax_rates"."prices_include_tax" is not null));
