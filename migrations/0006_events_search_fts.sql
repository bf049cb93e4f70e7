-- Full-text search over event names, performers and venue names (GET /v1/events/search?q=).
--
-- Hand-written because drizzle cannot declare virtual tables. Kept in sync by the triggers below,
-- so every writer (the seed, operator endpoints, a console) updates the index with the row, in
-- the same statement, and nothing can forget it:
--   * the index's rowid is events.seq, an INTEGER PRIMARY KEY (stable, unlike an implicit rowid);
--   * `city` scopes a match to one city inside the index (`city : "lon" AND body : ...`);
--   * `body` is the name, the performers and the venue's name. unicode61 with remove_diacritics 2
--     folds case and accents (Zürich, zurich); letters that Unicode does not decompose are folded
--     here with replace(), exactly as src/products/events/search/match.ts folds a query
--     (Søren and soren both find "soren"), a test checks that the two lists agree;
--   * prefix indexes for 2 and 3 characters keep type-ahead (`"ro"*`) from merging every term.
-- Writers must upsert events (INSERT ... ON CONFLICT(id) DO UPDATE), never INSERT OR REPLACE:
-- REPLACE deletes the row without firing the delete trigger (recursive_triggers is off) and
-- would leave the old entry in the index.
CREATE VIRTUAL TABLE `events_fts` USING fts5(
	city,
	body,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
--> statement-breakpoint
CREATE TRIGGER `events_fts_ai` AFTER INSERT ON `events` BEGIN
	INSERT INTO events_fts (rowid, city, body)
	SELECT new.seq, new.city_code, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(new.name || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(new.performers)), '') || ' ' || v.name, 'ø', 'o'), 'Ø', 'o'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe'), 'ß', 'ss'), 'ł', 'l'), 'Ł', 'l'), 'đ', 'd'), 'Đ', 'd'), 'ı', 'i'), 'þ', 'th'), 'Þ', 'th'), 'ð', 'd'), 'Ð', 'd')
	FROM venues v WHERE v.id = new.venue_id;
END;
--> statement-breakpoint
CREATE TRIGGER `events_fts_au` AFTER UPDATE OF name, performers, venue_id, city_code ON `events` BEGIN
	DELETE FROM events_fts WHERE rowid = old.seq;
	INSERT INTO events_fts (rowid, city, body)
	SELECT new.seq, new.city_code, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(new.name || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(new.performers)), '') || ' ' || v.name, 'ø', 'o'), 'Ø', 'o'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe'), 'ß', 'ss'), 'ł', 'l'), 'Ł', 'l'), 'đ', 'd'), 'Đ', 'd'), 'ı', 'i'), 'þ', 'th'), 'Þ', 'th'), 'ð', 'd'), 'Ð', 'd')
	FROM venues v WHERE v.id = new.venue_id;
END;
--> statement-breakpoint
CREATE TRIGGER `events_fts_ad` AFTER DELETE ON `events` BEGIN
	DELETE FROM events_fts WHERE rowid = old.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `venues_fts_au` AFTER UPDATE OF name ON `venues` BEGIN
	DELETE FROM events_fts WHERE rowid IN (SELECT seq FROM events WHERE venue_id = new.id);
	INSERT INTO events_fts (rowid, city, body)
	SELECT e.seq, e.city_code, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(e.name || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(e.performers)), '') || ' ' || new.name, 'ø', 'o'), 'Ø', 'o'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe'), 'ß', 'ss'), 'ł', 'l'), 'Ł', 'l'), 'đ', 'd'), 'Đ', 'd'), 'ı', 'i'), 'þ', 'th'), 'Þ', 'th'), 'ð', 'd'), 'Ð', 'd')
	FROM events e WHERE e.venue_id = new.id;
END;
