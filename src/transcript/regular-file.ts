import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { HuashuError } from "../errors.js";

/** What Node's file-system error codes mean, as QA staff read it. */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "文件或文件夹不存在",
  EACCES: "没有权限",
  EPERM: "没有权限",
  EISDIR: "是文件夹,不是文件",
  ENOTDIR: "路径中有一段不是文件夹",
  ELOOP: "符号链接循环",
  ENAMETOOLONG: "路径过长",
  EMFILE: "打开的文件过多",
  ENFILE: "打开的文件过多",
  EIO: "读写出错(I/O 错误)",
  ENOSPC: "磁盘空间不足",
  EDQUOT: "超出磁盘配额",
  EROFS: "文件系统只读",
  EBUSY: "文件正被占用",
  EAGAIN: "暂时无法读取",
  EEXIST: "已存在",
  ENXIO: "设备不存在",
  ENODEV: "设备不存在",
  EFBIG: "文件过大",
};

/**
 * A file-system error in Chinese (`ENOENT: no such file or directory, open 'x'` → 文件或文件夹不存在):
 * Node's own message is English and repeats the path the diagnostic already names.
 */
export function fileErrorMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined) return FILE_ERRORS[code] ?? `系统错误 ${code}`;
  return error instanceof Error ? error.message : String(error);
}

/** What a path that is not a regular file is, as the message says it. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "文件夹";
  if (stats.isCharacterDevice()) return "字符设备";
  if (stats.isBlockDevice()) return "块设备";
  if (stats.isFIFO()) return "命名管道";
  if (stats.isSocket()) return "套接字";
  return "特殊文件";
}

/** How {@link readRegularFile} reads and what its messages say. */
export interface RegularFileOptions {
  /** The most bytes the file may have. */
  maxBytes: number;
  /** What the file is, as a refusal names it: `规则文件过大…`; 文件 when absent. */
  what?: string;
  /** Added to a refusal: `,未检查` for an input, which the run goes on without. */
  unread?: string;
}

/**
 * The bytes of a regular file of at most `maxBytes` — the one way huashu reads a file it is
 * given or finds (inputs, rule and config files, baselines, labels, saved results, the cache,
 * ignore files). Anything else — a device such as /dev/zero, a FIFO that would block, a socket,
 * a link to one — is refused without being read, and the size cap holds while reading too: a
 * file can grow after `stat`, or not know its size (/proc). Throws {@link HuashuError} for
 * those, Node's errors (see {@link fileErrorMessage}) for files that cannot be read.
 */
export function readRegularFile(path: string, { maxBytes, what = "文件", unread = "" }: RegularFileOptions): Buffer {
  const refuse = (stats: Stats) => {
    throw new HuashuError([{ file: path, message: `不是普通文件(${kindOf(stats)})${unread}` }]);
  };
  // stat, not open: opening a FIFO waits for a writer.
  const stats = statSync(path);
  if (!stats.isFile()) refuse(stats);
  // While reading, only a lower bound of the size is known.
  const tooBig = (bytes: number, reading: boolean) => {
    if (bytes <= maxBytes) return;
    const size = `${reading ? "超过 " : ""}${(bytes / 1048576).toFixed(1)} MiB`;
    throw new HuashuError([{ file: path, message: `${what}过大(${size},上限 ${maxBytes / 1048576} MiB)${unread}` }]);
  };
  tooBig(stats.size, false);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    // It may have been replaced between the stat and the open.
    const opened = fstatSync(fd);
    if (!opened.isFile()) refuse(opened);
    let buffer = Buffer.allocUnsafe(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        tooBig(length, true);
        const grown = Buffer.allocUnsafe(Math.min(length * 2, maxBytes + 1));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return buffer.subarray(0, length);
      length += read;
    }
  } finally {
    closeSync(fd);
  }
}
