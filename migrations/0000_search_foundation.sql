CREATE TABLE `departures` (
	`id` text PRIMARY KEY NOT NULL,
	`mode` text NOT NULL,
	`operator` text NOT NULL,
	`number` text NOT NULL,
	`origin_code` text NOT NULL,
	`destination_code` text NOT NULL,
	`service_date` text NOT NULL,
	`departs_at` integer NOT NULL,
	`arrives_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `departures_route_day_idx` ON `departures` (`origin_code`,`destination_code`,`service_date`);--> statement-breakpoint
CREATE TABLE `fare_classes` (
	`departure_id` text NOT NULL,
	`cabin` text NOT NULL,
	`capacity` integer NOT NULL,
	`price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`seats_available` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`departure_id`, `cabin`),
	FOREIGN KEY (`departure_id`) REFERENCES `departures`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `places` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`city_code` text NOT NULL,
	`city_name` text NOT NULL,
	`country` text NOT NULL,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	`timezone` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `places_city_code_idx` ON `places` (`city_code`);