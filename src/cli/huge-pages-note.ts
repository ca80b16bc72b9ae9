import { readFileSync } from "node:fs";

/**
 * What the CLI's start line (tsup.config.ts) puts before the user's own `GLIBC_TUNABLES`:
 * glibc's malloc on transparent huge pages, which makes jieba's dictionary load several times
 * faster (docs/internals.md, “jieba's dictionary”). glibc reads it only as the process starts.
 */
export const HUGE_PAGES_TUNABLE = "glibc.malloc.hugetlb=1";

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/**
 * The value glibc takes for `glibc.malloc.hugetlb` from a `GLIBC_TUNABLES` list: the last one
 * given wins, so a user's `glibc.malloc.hugetlb=0` after the start line's setting turns it off.
 */
function hugetlbSetting(tunables: string | undefined): string | undefined {
  let value: string | undefined;
  for (const item of (tunables ?? "").split(":")) {
    if (item.startsWith("glibc.malloc.hugetlb=")) value = item.slice("glibc.malloc.hugetlb=".length);
  }
  return value;
}

/**
 * Says, for `--debug`, whether this process loads jieba on huge pages and, when not, why: the
 * run is correct either way, only the dictionary's load is slower (seconds instead of well
 * under one).
 */
export function hugePagesNote(env: NodeJS.ProcessEnv): string {
  const slower = "未使用大页内存,分词词典加载较慢(结果不受影响)";
  if (process.platform !== "linux") return `${slower}: 此平台(${process.platform})没有 glibc 的大页设置`;
  // musl ignores GLIBC_TUNABLES; this node is glibc's when it has libc.so.6 mapped.
  if (!/\/libc\.so\.6$/m.test(readOrEmpty("/proc/self/maps")))
    return `${slower}: 此 node 不使用 glibc(如 Alpine 的 musl)`;
  if (readOrEmpty("/sys/kernel/mm/transparent_hugepage/enabled").includes("[never]"))
    return `${slower}: 系统关闭了透明大页(/sys/kernel/mm/transparent_hugepage/enabled 为 never)`;
  const setting = hugetlbSetting(env.GLIBC_TUNABLES);
  if (setting === undefined)
    return `${slower}: GLIBC_TUNABLES 中没有 ${HUGE_PAGES_TUNABLE}(huashu 不是以 huashu 命令启动的,如 node dist/cli.js)`;
  if (setting === "0") return `${slower}: GLIBC_TUNABLES 设置了 glibc.malloc.hugetlb=0`;
  return `分词词典使用大页内存加载(GLIBC_TUNABLES=${env.GLIBC_TUNABLES})`;
}
