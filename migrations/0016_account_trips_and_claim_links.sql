CREATE TABLE `account_trips` (
	`trip_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `account_trips_account_created_idx` ON `account_trips` (`account_id`,`created_at`,`trip_id`);--> statement-breakpoint
ALTER TABLE `magic_links` ADD `booking_id` text;