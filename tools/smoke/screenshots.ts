/**
 * Screenshots of the web app's pages at each browser step, at a desktop and a phone size.
 *
 * `npm run screenshots` (SCREENSHOTS=1) writes them into docs/screenshots/, the set the README
 * links; any other run (the smoke run inside `npm test`) writes into .tmp/screenshots/, which git
 * ignores, so a test run never dirties the tree but still leaves the pictures to look at.
 *
 *   await screenshot(page, "checkout");   // docs/screenshots/checkout-desktop.png, checkout-phone.png
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";

const ROOT = path.resolve(import.meta.dirname, "../..");

export const SCREENSHOT_SIZES = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** Where this run's screenshots go. */
export function screenshotDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SCREENSHOTS === "1" ? path.join(ROOT, "docs", "screenshots") : path.join(ROOT, ".tmp", "screenshots");
}

/** Pixels: a page longer than this is cut there (results lists), keeping the committed set small. */
const MAX_HEIGHT = 2000;

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The page as it is now at each size (full length, at most MAX_HEIGHT), as `<name>-desktop.png` and `<name>-phone.png`;
 * the page's own viewport is put back afterwards. Returns the files written.
 */
export async function screenshot(page: Page, name: string): Promise<string[]> {
  if (!NAME.test(name)) throw new Error(`screenshot name "${name}": lowercase words joined by "-"`);
  const dir = screenshotDir();
  mkdirSync(dir, { recursive: true });
  const before = page.viewportSize();
  const files: string[] = [];
  try {
    for (const [size, viewport] of Object.entries(SCREENSHOT_SIZES)) {
      await page.setViewportSize(viewport);
      const file = path.join(dir, `${name}-${size}.png`);
      // The full length up to MAX_HEIGHT (a long results list says all it has to by then); caret
      // and animations off, so the same page gives the same picture.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.screenshot({
        path: file,
        fullPage: true,
        clip: { x: 0, y: 0, width: viewport.width, height: Math.min(height, MAX_HEIGHT) },
        animations: "disabled",
        caret: "hide",
      });
      files.push(file);
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
  return files;
}
