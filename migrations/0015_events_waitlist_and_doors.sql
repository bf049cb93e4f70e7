CREATE TABLE `event_waitlist_entries` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`event_id` text NOT NULL,
	`tier_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`leave_token_hash` text NOT NULL,
	`status` text DEFAULT 'waiting' NOT NULL,
	`hold_id` text,
	`offer_expires_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "event_waitlist_entries_quantity" CHECK("event_waitlist_entries"."quantity" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_waitlist_entries_id_unique` ON `event_waitlist_entries` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `event_waitlist_entries_live_unique` ON `event_waitlist_entries` (`event_id`,`tier_id`,`email`) WHERE "event_waitlist_entries"."status" IN ('waiting', 'offering', 'offered');--> statement-breakpoint
CREATE INDEX `event_waitlist_entries_line_idx` ON `event_waitlist_entries` (`event_id`,`tier_id`,`status`,`seq`);--> statement-breakpoint
CREATE INDEX `event_waitlist_entries_hold_idx` ON `event_waitlist_entries` (`hold_id`);--> statement-breakpoint
CREATE INDEX `event_waitlist_entries_offer_idx` ON `event_waitlist_entries` (`status`,`offer_expires_at`);--> statement-breakpoint
CREATE TABLE `event_waitlist_lines` (
	`event_id` text NOT NULL,
	`tier_id` text NOT NULL,
	`pending` integer DEFAULT 0 NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	PRIMARY KEY(`event_id`, `tier_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "event_waitlist_lines_pending" CHECK("event_waitlist_lines"."pending" >= 0)
);
--> statement-breakpoint
CREATE INDEX `event_waitlist_lines_pending_idx` ON `event_waitlist_lines` (`event_id`,`tier_id`) WHERE "event_waitlist_lines"."pending" > 0;--> statement-breakpoint
ALTER TABLE `events` ADD `doors_open_at` integer;