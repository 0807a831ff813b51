import { WfdbFormatError } from "../errors.js";
import { parseHeader } from "./parseHeader.js";
import { readBytes } from "./readBytes.js";
import type { WfdbHeader } from "./types.js";

/** A record path with or without ".hea" -> the header's path. */
export function headerPathOf(recordPath: string): string {
  return recordPath.endsWith(".hea") ? recordPath : `${recordPath}.hea`;
}

/** Reads and parses a .hea file (path with or without ".hea"). */
export async function readHeader(recordPath: string): Promise<{ header: WfdbHeader; headerPath: string }> {
  const headerPath = headerPathOf(recordPath);
  let text: string;
  try {
    const bytes = await readBytes(headerPath);
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new WfdbFormatError({ file: headerPath }, `expected a readable WFDB header file, found ${code === "ENOENT" ? "no such file" : String(code)}`);
  }
  return { header: parseHeader(text, headerPath), headerPath };
}
