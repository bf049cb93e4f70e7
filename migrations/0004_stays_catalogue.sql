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