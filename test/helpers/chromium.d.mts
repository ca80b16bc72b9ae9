import type { BrowserContext } from "playwright-core";

/** Where Debian's `chromium` package puts the browser. */
export declare const CHROMIUM_PATH: string;
/** Whether the browser is installed. */
export declare function hasChromium(): boolean;
/** A fresh headless Chromium with its own profile; `close()` ends it and removes the profile. */
export declare function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }>;
