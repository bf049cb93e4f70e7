CREATE TABLE `booking_items` (
	`id` text PRIMARY KEY NOT NULL,
	`booking_id` text NOT NULL,
	`position` integer NOT NULL,
	`product` text NOT NULL,
	`unit_id` text NOT NULL,
	`hold_id` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`lines` text NOT NULL,
	`quantity` integer NOT NULL,
	`total_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer,
	`timezone` text NOT NULL,
	`snapshot` text NOT NULL,
	`refund_policy` text NOT NULL,
	`cancelled_at` integer,
	`refund_minor` integer,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `booking_items_hold_id_idx` ON `booking_items` (`hold_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `booking_items_booking_position_idx` ON `booking_items` (`booking_id`,`position`);--> statement-breakpoint
CREATE INDEX `booking_items_starts_at_idx` ON `booking_items` (`starts_at`);--> statement-breakpoint
CREATE INDEX `booking_items_unit_idx` ON `booking_items` (`unit_id`);--> statement-breakpoint
-- Every booking made before items existed becomes one item: its departure, cabin, seats and hold,
-- with the snapshot src/products/departures/describe.ts writes today (built here from departures
-- and places), departures' refund rule then (everything back until departure) and its status.
INSERT INTO `booking_items` (`id`, `booking_id`, `position`, `product`, `unit_id`, `hold_id`, `status`, `lines`,
  `quantity`, `total_minor`, `currency`, `starts_at`, `ends_at`, `timezone`, `snapshot`, `refund_policy`, `cancelled_at`,
  `refund_minor`)
SELECT 'itm_' || substr(b.`id`, 5), b.`id`, 0, 'departures', b.`departure_id`, b.`hold_id`,
  CASE WHEN b.`status` IN ('cancelled', 'refunded') THEN 'cancelled' ELSE 'active' END,
  json_array(json_object('pool', b.`cabin`, 'label', upper(substr(b.`cabin`, 1, 1)) || substr(b.`cabin`, 2),
    'quantity', b.`seats`, 'unitPriceMinor', b.`total_minor` / b.`seats`, 'totalMinor', b.`total_minor`,
    'refundPolicy', json_array(json_object('before', COALESCE(d.`departs_at`, 0) * 1000, 'refundBps', 10000)))),
  b.`seats`, b.`total_minor`, b.`currency`, COALESCE(d.`departs_at`, b.`hold_expires_at`), d.`arrives_at`,
  COALESCE(o.`timezone`, 'UTC'),
  json_object(
    'title', COALESCE(d.`origin_code` || ' → ' || d.`destination_code`, b.`departure_id`),
    'details', json_array(
      json_array('Service', COALESCE(d.`operator` || ' ' || d.`number`, b.`departure_id`)),
      json_array('Cabin', upper(substr(b.`cabin`, 1, 1)) || substr(b.`cabin`, 2)),
      json_array('Seats', CAST(b.`seats` AS TEXT))),
    'location', COALESCE(o.`name`, d.`origin_code`) || ' (' || d.`origin_code` || ')',
    'startLabel', 'Departs',
    'calendarSummary', COALESCE(CASE d.`mode` WHEN 'flight' THEN 'Flight' WHEN 'rail' THEN 'Train' WHEN 'bus' THEN 'Bus'
      ELSE 'Ferry' END || ' ' || d.`origin_code` || ' → ' || d.`destination_code` || ' (' || d.`number` || ')',
      b.`departure_id`)),
  json_array(json_object('before', COALESCE(d.`departs_at`, 0) * 1000, 'refundBps', 10000)),
  CASE WHEN b.`status` IN ('cancelled', 'refunded') THEN b.`updated_at` END,
  CASE WHEN b.`payment_state` IN ('refund_pending', 'refunded') THEN b.`total_minor` END
FROM `bookings` b
-- LEFT: a booking whose departure row is gone still gets its item (titled by the departure id).
LEFT JOIN `departures` d ON d.`id` = b.`departure_id`
LEFT JOIN `places` o ON o.`code` = d.`origin_code`;
