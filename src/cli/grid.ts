import { CliError } from "../errors.js";
import { compareGridEstimators, GRID_METHODS, type GridMethod } from "../digitize/grid/compareGridEstimators.js";
import { readImage } from "../util/image.js";
import { checkChoice } from "../util/validate.js";
import { parseCommandArgs } from "./args.js";

const HELP = `Usage: ecgkit grid IMAGE [--method all|marginal|spectral|matched-filter] [--json]

Estimates the ECG grid (px per mm along x and y, rotation) from the image alone, with each
estimator side by side: marginal (projection autocorrelation; the digitizer's), spectral
(averaged 2D power spectra of patches), matched-filter (comb template fitted to projections).
"equiv dpi" = px per mm x 25.4 (what a scan at that resolution would give).
`;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs("grid", argv, {
    method: { type: "string" },
    json: { type: "boolean" },
  }, HELP);
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length !== 1) throw new CliError(`ecgkit grid: expected one IMAGE.\n\n${HELP}`, 2);
  const method = checkChoice("--method", values.method ?? "all", ["all", ...GRID_METHODS] as const);
  const methods: readonly GridMethod[] = method === "all" ? GRID_METHODS : [method];
  const image = await readImage(positionals[0]!);
  const results = compareGridEstimators(image, methods);
  if (values.json) {
    process.stdout.write(JSON.stringify({ image: positionals[0], width: image.width, height: image.height, results }, null, 2) + "\n");
    return 0;
  }
  const f = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : "-");
  process.stdout.write(`${positionals[0]} (${image.width}x${image.height} px)\n`);
  process.stdout.write(`${"method".padEnd(15)}${"px/mm x".padStart(9)}${"px/mm y".padStart(9)}${"equiv dpi".padStart(11)}${"angle".padStart(8)}${"conf".padStart(6)}${"ms".padStart(7)}  warnings\n`);
  for (const { estimate: e, elapsedMs } of results) {
    process.stdout.write(
      `${e.method.padEnd(15)}${f(e.pxPerMmX).padStart(9)}${f(e.pxPerMmY).padStart(9)}${f(e.pxPerMmX * 25.4, 0).padStart(11)}${f(e.angleDeg, 2).padStart(8)}${f(e.confidence, 2).padStart(6)}${elapsedMs.toFixed(0).padStart(7)}  ${e.warnings.join("; ")}\n`,
    );
  }
  return 0;
}
