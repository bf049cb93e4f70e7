CREATE TABLE `alert_incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`rule` text NOT NULL,
	`status` text NOT NULL,
	`summary` text NOT NULL,
	`opened_at` integer NOT NULL,
	`resolved_at` integer,
	`webhook_opened_at` integer,
	`webhook_resolved_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_incidents_open_rule_idx` ON `alert_incidents` (`rule`) WHERE status = 'open';