import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** A fresh copy of a fixture repository under fixtures/repos, which a test may change. */
export function copyFixtureRepo(name: string): string {
  const target = join(mkdtempSync(join(tmpdir(), "huashu-repo-")), name);
  cpSync(fileURLToPath(new URL(`../../fixtures/repos/${name}`, import.meta.url)), target, { recursive: true });
  return target;
}
