CREATE TABLE `events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`category` text NOT NULL,
	`performers` text NOT NULL,
	`description` text NOT NULL,
	`venue_id` text NOT NULL,
	`city_code` text NOT NULL,
	`local_date` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`timezone` text NOT NULL,
	`currency` text NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`sales_open_at` integer NOT NULL,
	`sales_close_at` integer NOT NULL,
	`popularity` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`venue_id`) REFERENCES `venues`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "events_times_ordered" CHECK("events"."starts_at" < "events"."ends_at"),
	CONSTRAINT "events_sales_window" CHECK("events"."sales_open_at" < "events"."sales_close_at" AND "events"."sales_close_at" <= "events"."starts_at"),
	CONSTRAINT "events_popularity_range" CHECK("events"."popularity" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_id_unique` ON `events` (`id`);--> statement-breakpoint
CREATE INDEX `events_city_day_idx` ON `events` (`city_code`,`local_date`);--> statement-breakpoint
CREATE INDEX `events_venue_idx` ON `events` (`venue_id`);--> statement-breakpoint
CREATE TABLE `ticket_tiers` (
	`event_id` text NOT NULL,
	`tier_id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`capacity` integer NOT NULL,
	`price_minor` integer NOT NULL,
	`max_per_order` integer NOT NULL,
	`sales_open_at` integer,
	`sales_close_at` integer,
	`refund_policy` text NOT NULL,
	`remaining` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `tier_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "ticket_tiers_capacity" CHECK("ticket_tiers"."capacity" > 0 AND "ticket_tiers"."remaining" BETWEEN 0 AND "ticket_tiers"."capacity"),
	CONSTRAINT "ticket_tiers_price" CHECK("ticket_tiers"."price_minor" >= 0),
	CONSTRAINT "ticket_tiers_max_per_order" CHECK("ticket_tiers"."max_per_order" BETWEEN 1 AND "ticket_tiers"."capacity"),
	CONSTRAINT "ticket_tiers_sales_window" CHECK("ticket_tiers"."sales_open_at" IS NULL OR "ticket_tiers"."sales_close_at" IS NULL OR "ticket_tiers"."sales_open_at" < "ticket_tiers"."sales_close_at")
);
--> statement-breakpoint
CREATE TABLE `venues` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`city_code` text NOT NULL,
	`address` text NOT NULL,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	`capacity` integer NOT NULL,
	`timezone` text NOT NULL,
	`updated_at` integer NOT NULL
);
