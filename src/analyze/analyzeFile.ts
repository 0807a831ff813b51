import { readFile } from "node:fs/promises";
import { readImage } from "../util/image.js";
import { analyzeImage, type AnalyzeImageOptions, type ImageAnalysis } from "./analyzeImage.js";

/** analyzeImage on a file (PNG, JPEG, BMP, TIFF, WebP), with its bytes for the format and JPEG quality. */
export async function analyzeFile(path: string, options: Omit<AnalyzeImageOptions, "fileBytes"> = {}): Promise<ImageAnalysis & { file: string }> {
  const bytes = new Uint8Array(await readFile(path));
  const image = await readImage(bytes, path);
  return { file: path, ...(await analyzeImage(image, { ...options, fileBytes: bytes })) };
}
