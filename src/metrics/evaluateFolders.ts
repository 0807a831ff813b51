import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { EcgkitError } from "../errors.js";
import { loadSignalSet, type LoadSignalSetOptions } from "./loadSignalSet.js";
import { maskToLayout, type MaskLayout } from "./maskToLayout.js";
import { scoreDataset, scoreRecord, type DatasetScore } from "./scoreSignals.js";

export interface EvaluateFoldersOptions extends LoadSignalSetOptions {
  /** Appended to a reference's stem to name its estimate (e.g. "-0" or ".ecgminer"). Default "". */
  estSuffix?: string;
  /** Reduce references to what this page layout shows (for truths stored whole). Default "none". */
  refLayout?: MaskLayout;
  /** Called after each record, for progress. */
  onRecord?: (done: number, total: number, name: string) => void;
}

export interface EvaluateFoldersResult extends DatasetScore {
  /** Per record: warnings of loading and scoring. */
  warnings: { record: string; messages: string[] }[];
}

/** Record paths of a folder (.hea or .csv), or the file itself, keyed by stem. */
async function listRecords(path: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const add = (file: string) => {
    const m = /^(.*)\.(hea|csv)$/i.exec(basename(file));
    if (m && !out.has(m[1]!)) out.set(m[1]!, file);
  };
  if ((await stat(path)).isDirectory()) {
    for (const f of (await readdir(path)).sort()) add(join(path, f));
  } else add(path);
  return out;
}

/**
 * Scores every record of `refPath` against the record of the same stem (plus estSuffix) in
 * `estPath`, as the Challenge's evaluate_model: a missing estimate scores 0 dB on every lead.
 */
export async function evaluateFolders(refPath: string, estPath: string, options: EvaluateFoldersOptions = {}): Promise<EvaluateFoldersResult> {
  const suffix = options.estSuffix ?? "";
  const refs = await listRecords(refPath);
  const ests = await listRecords(estPath);
  // Two files are paired whatever their names.
  if (!(await stat(refPath)).isDirectory() && !(await stat(estPath)).isDirectory() && refs.size === 1 && ests.size === 1) {
    ests.set([...refs.keys()][0]! + suffix, [...ests.values()][0]!);
  }
  if (suffix) for (const k of [...refs.keys()]) if (k.endsWith(suffix)) refs.delete(k);
  if (refs.size === 0) throw new EcgkitError(`${refPath}: no reference records (.hea or .csv) found`);
  const records: DatasetScore["records"] = [];
  const warnings: EvaluateFoldersResult["warnings"] = [];
  let done = 0;
  for (const [stem, file] of refs) {
    const loaded = await loadSignalSet(file, options);
    const ref = { ...maskToLayout(loaded, options.refLayout ?? "none"), warnings: loaded.warnings };
    const estFile = ests.get(stem + suffix);
    const est = estFile ? await loadSignalSet(estFile, options) : undefined;
    const score = scoreRecord(ref, est);
    records.push({ name: stem, score });
    const messages = [...ref.warnings, ...(est?.warnings ?? []), ...score.warnings];
    if (messages.length) warnings.push({ record: stem, messages });
    options.onRecord?.(++done, refs.size, stem);
  }
  return { ...scoreDataset(records), warnings };
}
