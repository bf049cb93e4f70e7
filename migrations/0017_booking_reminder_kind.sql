-- Custom SQL migration file, put your code below! --
-- The reminder is product-neutral (24 h before any item starts: a departure, a check-in, an
-- event): `departure_reminder` becomes `booking_reminder` in the outbox already written. The
-- dedupe keys were neutral already (`reminder:<item>`, and `reminder:<booking>` from before
-- items) and stay as they are, so the hourly run finds every reminder sent before and sends none
-- again.
UPDATE `email_outbox` SET `kind` = 'booking_reminder' WHERE `kind` = 'departure_reminder';
