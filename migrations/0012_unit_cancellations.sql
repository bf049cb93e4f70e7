CREATE TABLE `unit_cancellations` (
	`unit_id` text PRIMARY KEY NOT NULL,
	`product` text NOT NULL,
	`reason` text NOT NULL,
	`cancelled_at` integer NOT NULL,
	`request_id` text
);
