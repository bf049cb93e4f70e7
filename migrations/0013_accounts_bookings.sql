ALTER TABLE `bookings` ADD `account_id` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `personal_data_erased_at` integer;--> statement-breakpoint
CREATE INDEX `bookings_account_created_idx` ON `bookings` (`account_id`,`created_at`,`id`) WHERE "bookings"."account_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `bookings_guest_retention_idx` ON `bookings` (`created_at`) WHERE "bookings"."account_id" IS NULL AND "bookings"."personal_data_erased_at" IS NULL;