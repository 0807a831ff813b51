import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, basename, join } from "node:path";

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
}

/** Writes a file under a temporary name and renames it, so readers never see half a file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeFilesAtomic([{ path, data }]);
}

/**
 * Writes several files (e.g. a .hea and its .dat) as one: every file goes to a temporary name
 * first; only when all are written are they renamed. On failure the temporaries are removed
 * and nothing that existed before is touched.
 */
export async function writeFilesAtomic(files: { path: string; data: string | Uint8Array }[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const f of files) {
      await mkdir(dirname(f.path), { recursive: true });
      const t = tempName(f.path);
      temps.push(t);
      await writeFile(t, f.data);
    }
  } catch (err) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw err;
  }
  for (let i = 0; i < files.length; i++) await rename(temps[i]!, files[i]!.path);
}
