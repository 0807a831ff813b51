import { readdir, stat } from "node:fs/promises";
import { extname, join } from "node:path";

/** Extensions the digitizer reads. */
export const IMAGE_EXTENSIONS = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"];

/**
 * The image files of a path: the file itself, or every image under a folder (recursively,
 * sorted), leaving out the digitizer's own overlays (*-overlay.png).
 */
export async function findImageFiles(path: string): Promise<string[]> {
  const s = await stat(path);
  if (!s.isDirectory()) return [path];
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (IMAGE_EXTENSIONS.includes(extname(e.name).toLowerCase()) && !e.name.endsWith("-overlay.png")) out.push(p);
    }
  };
  await walk(path);
  return out;
}
