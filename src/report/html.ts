import { page } from "./html/page.js";
import { reportData } from "./html/data.js";
import type { Reporter } from "./types.js";

/**
 * A self-contained HTML page in Chinese for QA teams: summary with charts, per rule, per agent,
 * and a filterable list of calls whose detail shows the conversation with each violation in
 * place (when the results carry their `turns`). Needs no network when opened.
 */
export const html: Reporter = (results, options) => page(reportData(results, options?.rules));
