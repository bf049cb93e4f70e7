CREATE TABLE `event_check_ins` (
	`ticket_id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`gate` text NOT NULL,
	`checked_in_at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `event_tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `event_tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`item_id` text NOT NULL,
	`position` integer NOT NULL,
	`booking_reference` text NOT NULL,
	`event_id` text NOT NULL,
	`tier_id` text NOT NULL,
	`holder_initials` text NOT NULL,
	`code` text NOT NULL,
	`kid` text NOT NULL,
	`status` text NOT NULL,
	`issued_at` integer NOT NULL,
	`voided_at` integer,
	CONSTRAINT "event_tickets_position" CHECK("event_tickets"."position" >= 1),
	CONSTRAINT "event_tickets_status" CHECK("event_tickets"."status" IN ('valid', 'void'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_tickets_item_position_idx` ON `event_tickets` (`item_id`,`position`);--> statement-breakpoint
CREATE INDEX `event_tickets_event_idx` ON `event_tickets` (`event_id`);