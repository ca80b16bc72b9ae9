// Debian's Chromium driven by playwright-core, for the HTML report's test and benchmark
// (nothing here can download a browser build of playwright's own).
// @ts-check
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

/** Where Debian's `chromium` package puts the browser (.ci/run installs it). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Whether the browser is installed, so that a test can say plainly it was skipped. */
export const hasChromium = () => existsSync(CHROMIUM_PATH);

/**
 * A fresh headless Chromium with its own profile, nothing in the background that goes online;
 * `close()` ends it and removes the profile.
 * @returns {Promise<{ context: import("playwright-core").BrowserContext, close: () => Promise<void> }>}
 */
export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), "huashu-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1360, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
