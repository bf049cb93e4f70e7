-- Family names folded before the shared rule (src/lib/fold.ts) kept the letters that no Unicode
-- decomposition reaches: "Ørsted" was stored as "ørsted" and could not be found as "Orsted". The
-- shared rule is the old one followed by this letter map (test/refold-migration.test.ts checks it
-- on D1), so mapping the stored forms gives exactly what the shared rule stores now, and lookups
-- need compare one form only.
UPDATE `booking_passengers`
SET `family_name_folded` =
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
    `family_name_folded`,
    'ø', 'o'), 'æ', 'ae'), 'œ', 'oe'), 'ß', 'ss'), 'ł', 'l'), 'đ', 'd'), 'ð', 'd'), 'þ', 'th'), 'ħ', 'h'), 'ŧ', 't')
WHERE instr(`family_name_folded`, 'ø') > 0 OR instr(`family_name_folded`, 'æ') > 0
   OR instr(`family_name_folded`, 'œ') > 0 OR instr(`family_name_folded`, 'ß') > 0
   OR instr(`family_name_folded`, 'ł') > 0 OR instr(`family_name_folded`, 'đ') > 0
   OR instr(`family_name_folded`, 'ð') > 0 OR instr(`family_name_folded`, 'þ') > 0
   OR instr(`family_name_folded`, 'ħ') > 0 OR instr(`family_name_folded`, 'ŧ') > 0;
