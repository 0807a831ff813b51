import { WfdbFormatError } from "../errors.js";
import { readBytes } from "./readBytes.js";
import { parseAnnotations, type WfdbAnnotation } from "./parseAnnotations.js";

/** Reads an MIT-format annotation file, e.g. "100.atr". */
export async function readAnnotations(path: string): Promise<WfdbAnnotation[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new WfdbFormatError({ file: path }, `expected a readable annotation file, found ${code === "ENOENT" ? "no such file" : String(code)}`);
  }
  return parseAnnotations(bytes, path);
}
