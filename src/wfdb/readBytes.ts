import { readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";

/** Files up to this size are read synchronously. */
const SYNC_LIMIT_BYTES = 8 << 20;

/**
 * Reads a whole file. Small files (most WFDB headers and signal files) are read synchronously:
 * that costs about a sixth of the CPU time of fs.promises.readFile and blocks for well under a
 * millisecond; larger files are read asynchronously. Errors are the fs errors (ENOENT, ...).
 */
export async function readBytes(path: string): Promise<Uint8Array> {
  if (statSync(path).size <= SYNC_LIMIT_BYTES) return readFileSync(path);
  return readFile(path);
}
