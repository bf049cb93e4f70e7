/**
 * The text of a search (`q`) as an FTS5 MATCH expression over events_fts. User input never
 * reaches FTS5's query syntax: it is cut into tokens the same way the index's unicode61 tokenizer
 * cuts text (letters, numbers and private-use characters; everything else separates), and each
 * token is written as a quoted string, so `"`, `*`, `:`, `^`, NEAR, OR, AND and NOT are plain
 * words or separators, never operators.
 */

/**
 * Letters unicode61's remove_diacritics cannot fold (they have no Unicode decomposition). The
 * index's triggers fold them with the same replacements (migrations/0006_events_search_fts.sql),
 * so "soren" and "Søren" both find Søren; test/events/fts.test.ts checks the two lists agree.
 */
export const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  ø: "o",
  Ø: "o",
  æ: "ae",
  Æ: "ae",
  œ: "oe",
  Œ: "oe",
  ß: "ss",
  ł: "l",
  Ł: "l",
  đ: "d",
  Đ: "d",
  ı: "i",
  þ: "th",
  Þ: "th",
  ð: "d",
  Ð: "d",
};
const SPECIAL = new RegExp(`[${Object.keys(SPECIAL_FOLDS).join("")}]`, "g");
const SEPARATORS = /[^\p{L}\p{N}\p{Co}]+/u;
const ENDS_IN_TOKEN = /[\p{L}\p{N}\p{Co}]$/u;

/** Longest `q` accepted (characters); longer is a 400, not a slow query. */
export const MAX_QUERY_CHARS = 100;
/** A prefix needs this many characters: the index keeps 2- and 3-character prefixes. */
const MIN_PREFIX_CHARS = 2;

export interface TextQuery {
  tokens: string[];
  /** The last token is a prefix (type-ahead): q did not end with a separator. */
  prefix: boolean;
}

/** Null when q has no letter or digit: such a q filters nothing. */
export function parseTextQuery(q: string): TextQuery | null {
  const text = q.normalize("NFC").replace(SPECIAL, (ch) => SPECIAL_FOLDS[ch] ?? ch);
  const tokens = text.split(SEPARATORS).filter((t) => t.length > 0);
  const last = tokens.at(-1);
  if (last === undefined) return null;
  return { tokens, prefix: ENDS_IN_TOKEN.test(text) && [...last].length >= MIN_PREFIX_CHARS };
}

const quoted = (token: string) => `"${token.replaceAll('"', '""')}"`;

/** Every token must occur (AND) in the event's name, performers or venue, in this city only. */
export function matchExpression(cityCode: string, query: TextQuery): string {
  const terms = query.tokens.map((token, i) => {
    const star = query.prefix && i === query.tokens.length - 1 ? "*" : "";
    return `body : ${quoted(token)}${star}`;
  });
  return [`city : ${quoted(cityCode)}`, ...terms].join(" AND ");
}
