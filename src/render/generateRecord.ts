import { access } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { applyArtifacts, type ArtifactOptions } from "../artifacts/applyArtifacts.js";
import { Rng, deriveSeed } from "../util/rng.js";
import { readHeader } from "../wfdb/readHeader.js";
import { readRecord } from "../wfdb/readRecord.js";
import { countPages, planPage } from "./planPage.js";
import { renderPage } from "./renderPage.js";
import { resolveRenderOptions, type RenderPageOptions } from "./renderOptions.js";
import { writePageOutputs, type WritePageOptions } from "./writePageOutputs.js";

export interface GenerateRecordOptions extends WritePageOptions {
  /** Page settings (pageIndex is set per page). */
  render?: Omit<RenderPageOptions, "pageIndex">;
  /** Passed as-is to the artifact stage. Default { preset: "clean" }. */
  artifacts?: ArtifactOptions;
  /** Base seed; each record's randomness comes from deriveSeed(seed, relative path). Default 0. */
  seed?: number | string;
  /** Most pages per record. Default: all pages the record fills. */
  maxPages?: number;
  /** Skip the record when every page's JSON already exists. Default false. */
  resume?: boolean;
}

export interface GenerateRecordResult {
  /** Record path relative to the input root (the key of its seed). */
  relPath: string;
  pages: number;
  skipped: boolean;
  warnings: string[];
}

/** Output stem of page `p` of a record: the record's relative folder under outDir, "<name>-<p>". */
export function pageStem(relPath: string, page: number): { dir: string; stem: string } {
  const name = basename(relPath).replace(/\.hea$/, "");
  return { dir: dirname(relPath), stem: `${name}-${page}` };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Renders every page of one record, runs the artifact stage on each, writes all outputs. */
export async function generateRecord(recordPath: string, relPath: string, outDir: string, options: GenerateRecordOptions = {}): Promise<GenerateRecordResult> {
  const seed = deriveSeed(options.seed ?? 0, relPath.replace(/\\/g, "/"));
  const rng = new Rng(seed);
  const startS = options.render?.startS ?? 0;
  const pageDurationOf = (signalNames: readonly string[]) =>
    planPage(signalNames, resolveRenderOptions({ ...options.render, gridColor: "none" }, new Rng(0))).pageDurationS;
  const maxPages = options.maxPages ?? Infinity;
  if (options.resume) {
    const { header } = await readHeader(recordPath);
    const names = header.signals.map((s) => s.description);
    const n = header.nSamples === undefined ? 0 : Math.min(maxPages, countPages(header.nSamples, header.samplingFrequencyHz, pageDurationOf(names), startS));
    let done = n > 0;
    for (let p = 0; p < n && done; p++) {
      const { dir, stem } = pageStem(relPath, p);
      done = await exists(join(outDir, dir, `${stem}.json`));
    }
    if (done) return { relPath, pages: n, skipped: true, warnings: [] };
  }
  const record = await readRecord(recordPath);
  const nPages = Math.min(maxPages, countPages(record.nSamples, record.samplingFrequencyHz, pageDurationOf(record.signalNames), startS));
  const warnings: string[] = [];
  if (nPages === 0) warnings.push(`no page: the record has ${record.nSamples} samples after ${startS} s`);
  for (let p = 0; p < nPages; p++) {
    const pageRng = rng.fork(`page-${p}`);
    const rendered = await renderPage(record, { ...options.render, pageIndex: p }, pageRng.fork("render"));
    const page = await applyArtifacts(rendered, options.artifacts ?? { preset: "clean" }, pageRng.fork("artifacts"));
    page.annotation.ecgkit.seed = seed;
    const { dir, stem } = pageStem(relPath, p);
    await writePageOutputs(join(outDir, dir), stem, page, record, options);
    const w = page.annotation.ecgkit.warnings;
    if (Array.isArray(w)) warnings.push(...w.map((x) => `page ${p}: ${String(x)}`));
  }
  return { relPath, pages: nPages, skipped: false, warnings };
}
