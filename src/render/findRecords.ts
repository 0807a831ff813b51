import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { WfdbFormatError } from "../errors.js";

export interface RecordEntry {
  /** Header path. */
  path: string;
  /** Path relative to the input root, "/"-separated: the record's key for seeds and output folders. */
  relPath: string;
}

/**
 * Lists the WFDB records under a folder (recursively, sorted) or the one record named by a path
 * with or without ".hea". Segment headers of a multi-segment record in the same folder are left
 * out: the multi-segment record stands for them.
 */
export async function findRecords(input: string): Promise<RecordEntry[]> {
  const st = await stat(input).catch(() => undefined);
  if (!st || !st.isDirectory()) {
    const path = input.endsWith(".hea") ? input : `${input}.hea`;
    if (!(await stat(path).catch(() => undefined))?.isFile()) throw new WfdbFormatError({ file: path }, "expected a WFDB header or a folder of records, found no such file");
    return [{ path, relPath: basename(path) }];
  }
  const headers: string[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir);
    if (seen.has(real)) return; // a link back up the tree
    seen.add(real);
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      const p = join(dir, e.name);
      // Symbolic links are followed (datasets are often assembled from links).
      const kind = e.isSymbolicLink() ? await stat(p).catch(() => undefined) : e;
      if (!kind) continue;
      if (kind.isDirectory()) await walk(p);
      else if (kind.isFile() && e.name.endsWith(".hea") && !e.name.startsWith(".")) headers.push(p);
    }
  };
  await walk(input);
  const segments = new Set<string>();
  for (const h of headers) {
    const text = await readFile(h, "latin1");
    const first = text.split("\n").find((l) => l.trim() && !l.startsWith("#")) ?? "";
    const m = /^\S+\/(\d+)\s+\d+/.exec(first.trim());
    if (!m) continue;
    const lines = text.split("\n").filter((l) => l.trim() && !l.startsWith("#")).slice(1, 1 + Number(m[1]));
    for (const l of lines) {
      const seg = l.trim().split(/\s+/)[0];
      if (seg && seg !== "~") segments.add(join(h, "..", `${seg}.hea`));
    }
  }
  return headers
    .filter((h) => !segments.has(h))
    .sort()
    .map((path) => ({ path, relPath: relative(input, path).split("\\").join("/") }));
}
