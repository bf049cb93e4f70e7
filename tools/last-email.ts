/**
 * `npm run email -- <address> [--link]`: prints the newest email the local stack (`npm run dev`)
 * sent to that address, decoded: how a reader of the README gets a sign-in link without a mail
 * server. `--link`: the newest one carrying a link token (a sign-in or claim link), so a booking
 * email that arrived in between is passed over.
 */
import { localEmails } from "./smoke/eml.ts";

const args = process.argv.slice(2);
const withLink = args.includes("--link");
const to = args
  .find((a) => !a.startsWith("--"))
  ?.trim()
  .toLowerCase();
if (!to) {
  console.error("usage: npm run email -- <address> [--link]");
  process.exit(2);
}
const email = localEmails().find((e) => e.to.toLowerCase() === to && (!withLink || /[?&]token=[\w-]{43}/.test(e.text)));
if (!email) {
  console.error(`[email] nothing${withLink ? " with a link" : ""} sent to ${to} yet (is npm run dev running?)`);
  process.exit(1);
}
console.log(`Subject: ${email.subject}\n\n${email.text}`);
