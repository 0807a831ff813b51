/**
 * `npm run bench`: runs every area's benchmark and prints a table of medians.
 * Each area registers a function returning rows; `npm run bench -- wfdb` runs one area.
 */
import type { BenchRow } from "./benchRow.js";

export type { BenchRow };

type BenchFn = () => Promise<BenchRow[]>;

const areas: Record<string, () => Promise<BenchFn>> = {
  wfdb: async () => (await import("./wfdb.js")).benchWfdb,
  render: async () => (await import("./render.js")).benchRender,
  artifacts: async () => (await import("./artifacts.js")).benchArtifacts,
  digitize: async () => (await import("./digitize.js")).benchDigitize,
  metrics: async () => (await import("./metrics.js")).benchMetrics,
};

async function runAll(selected: string[]): Promise<void> {
  const names = selected.length ? selected : Object.keys(areas);
  const rows: BenchRow[] = [];
  for (const name of names) {
    const load = areas[name];
    if (!load) throw new Error(`unknown bench area "${name}" (known: ${Object.keys(areas).join(", ")})`);
    process.stderr.write(`bench ${name}...\n`);
    rows.push(...(await (await load())()));
  }
  process.stdout.write("| area | benchmark | median | unit | runs | note |\n|---|---|---|---|---|---|\n");
  for (const r of rows) {
    process.stdout.write(`| ${r.area} | ${r.name} | ${r.median.toPrecision(4)} | ${r.unit} | ${r.runs} | ${r.note ?? ""} |\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await runAll(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  }
}
