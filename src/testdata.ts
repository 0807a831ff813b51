import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

/** The shared test data folder, `../shared/data` beside the repo (present for developers and CI). */
export const SHARED_DATA = resolve(fileURLToPath(new URL("../..", import.meta.url)), "shared", "data");

export function sharedPath(...parts: string[]): string {
  return resolve(SHARED_DATA, ...parts);
}
