ALTER TABLE `booking_items` ADD `cancel_announced_at` integer;--> statement-breakpoint
CREATE INDEX `booking_items_unannounced_idx` ON `booking_items` (`cancelled_at`) WHERE status = 'cancelled' AND cancel_announced_at IS NULL;--> statement-breakpoint
-- Added by hand: items cancelled before this migration were announced (or their failure logged)
-- when they were cancelled; the sweep is for cancellations from now on, not a replay of history.
UPDATE `booking_items` SET `cancel_announced_at` = `cancelled_at` WHERE `status` = 'cancelled';
