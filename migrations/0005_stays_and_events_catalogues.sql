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
--> statement-breakpoint
CREATE TABLE `properties` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`city_code` text NOT NULL,
	`property_type` text NOT NULL,
	`stars` integer NOT NULL,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	`address` text NOT NULL,
	`distance_m` integer NOT NULL,
	`amenities` text NOT NULL,
	`check_in_from` text NOT NULL,
	`check_out_until` text NOT NULL,
	`photos` text NOT NULL,
	`policies` text NOT NULL,
	`currency` text NOT NULL,
	`timezone` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `properties_city_idx` ON `properties` (`city_code`,`status`);--> statement-breakpoint
CREATE TABLE `property_closures` (
	`id` text PRIMARY KEY NOT NULL,
	`property_id` text NOT NULL,
	`room_type_id` text,
	`kind` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`room_type_id`) REFERENCES `room_types`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `property_closures_night_idx` ON `property_closures` (`property_id`,`from_date`);--> statement-breakpoint
CREATE TABLE `room_night_availability` (
	`room_type_id` text NOT NULL,
	`night` text NOT NULL,
	`rooms_left` integer NOT NULL,
	`price_minor` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`room_type_id`, `night`),
	FOREIGN KEY (`room_type_id`) REFERENCES `room_types`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `room_rate_overrides` (
	`id` text PRIMARY KEY NOT NULL,
	`room_type_id` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`price_minor` integer,
	`min_stay` integer,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`room_type_id`) REFERENCES `room_types`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `room_rate_overrides_night_idx` ON `room_rate_overrides` (`room_type_id`,`from_date`);--> statement-breakpoint
CREATE TABLE `room_types` (
	`id` text PRIMARY KEY NOT NULL,
	`property_id` text NOT NULL,
	`name` text NOT NULL,
	`room_count` integer NOT NULL,
	`max_adults` integer NOT NULL,
	`max_children` integer NOT NULL,
	`base_rate_minor` integer NOT NULL,
	`weekday_pct` text NOT NULL,
	`seasons` text NOT NULL,
	`min_stay` integer DEFAULT 1 NOT NULL,
	`closed_to_arrival` integer DEFAULT 0 NOT NULL,
	`free_cancellation_days` integer,
	`cancellation_penalty_pct` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `room_types_property_idx` ON `room_types` (`property_id`);