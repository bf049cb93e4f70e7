/**
 * `npm run email -- <address>`: prints the newest email the local stack (`npm run dev`) sent to
 * that address, decoded: how a reader of the README gets a sign-in link without a mail server.
 */
import { localEmails } from "./smoke/eml.ts";

const to = process.argv[2]?.trim().toLowerCase();
if (!to) {
  console.error("usage: npm run email -- <address>");
  process.exit(2);
}
const email = localEmails().find((e) => e.to.toLowerCase() === to);
if (!email) {
  console.error(`[email] nothing sent to ${to} yet (is npm run dev running?)`);
  process.exit(1);
}
console.log(`Subject: ${email.subject}\n\n${email.text}`);
