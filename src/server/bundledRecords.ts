import { fileURLToPath } from "node:url";

/** A WFDB record shipped in examples/, offered on the Generate page. */
export interface BundledRecord {
  name: string;
  description: string;
}

/** The fixed list: a request names one of these, and only these paths are ever opened. */
export const BUNDLED_RECORDS: readonly BundledRecord[] = [
  { name: "E07500", description: "Georgia 12-lead ECG (CinC 2021), 500 Hz, 10 s" },
  { name: "HR06000", description: "PTB-XL 12-lead ECG (CinC 2021), 500 Hz, 10 s" },
  { name: "JS20000", description: "Chapman-Shaoxing 12-lead ECG (CinC 2021), 500 Hz, 10 s" },
  { name: "ludb-ecg", description: "LUDB record 1, 12-lead, 500 Hz, 10 s" },
];

const EXAMPLES_DIR = new URL("../../examples/", import.meta.url);

/** The header path of a bundled record, or undefined when `name` is not on the list. */
export function bundledRecordPath(name: string): string | undefined {
  const entry = BUNDLED_RECORDS.find((r) => r.name === name);
  return entry ? fileURLToPath(new URL(`${entry.name}.hea`, EXAMPLES_DIR)) : undefined;
}
