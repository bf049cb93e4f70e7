CREATE TABLE `unit_cancellations` (
	`unit_id` text PRIMARY KEY NOT NULL,
	`product` text NOT NULL,
	`reason` text NOT NULL,
	`cancelled_at` integer NOT NULL,
	`request_id` text
);
--> statement-breakpoint
-- What was booked lives in booking_items (0009 copied every booking into one item). Indexed
-- columns cannot be dropped, so their indexes go first; DROP COLUMN keeps every row, with no
-- table rebuild (none of these columns is a key, a constraint or referenced by a foreign key).
DROP INDEX `bookings_hold_id_idx`;--> statement-breakpoint
DROP INDEX `bookings_departure_idx`;--> statement-breakpoint
ALTER TABLE `bookings` DROP COLUMN `hold_id`;--> statement-breakpoint
ALTER TABLE `bookings` DROP COLUMN `departure_id`;--> statement-breakpoint
ALTER TABLE `bookings` DROP COLUMN `cabin`;--> statement-breakpoint
ALTER TABLE `bookings` DROP COLUMN `seats`;