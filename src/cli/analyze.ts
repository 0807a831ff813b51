import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { analyzeFile } from "../analyze/analyzeFile.js";
import { formatAnalysis } from "../analyze/formatAnalysis.js";
import { CliError } from "../errors.js";
import { parseNumberOption } from "../util/validate.js";
import { parseCommandArgs } from "./args.js";

const HELP = `Usage: ecgkit analyze IMAGE|DIR [--json] [--speed MM_PER_S] [--no-digitize]

What to know before trusting a digitization: px per mm both ways (three grid estimators and
their consensus), effective dpi, the sampling rate the image carries at the paper speed
(dpi / 1.016 at 25 mm/s), rotation, perspective, grid colour, layout and calibration pulse
(from the digitizer), JPEG quality, and warnings (too coarse, heavy JPEG, missing grid).

  --json          JSON (an array for a folder)
  --speed N       paper speed, mm/s (default 25)
  --no-digitize   skip the digitizer (no layout or calibration; faster)
`;

const IMAGE_EXT = /\.(png|jpe?g|bmp|tiff?|webp|gif)$/i;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs("analyze", argv, {
    json: { type: "boolean" },
    speed: { type: "string" },
    "no-digitize": { type: "boolean" },
  }, HELP);
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length !== 1) throw new CliError(`ecgkit analyze: expected one IMAGE or DIR.\n\n${HELP}`, 2);
  const path = positionals[0]!;
  const isDir = (await stat(path)).isDirectory();
  const files = isDir ? (await readdir(path)).filter((f) => IMAGE_EXT.test(f)).sort().map((f) => join(path, f)) : [path];
  const options = {
    paperSpeedMmPerS: parseNumberOption("--speed", values.speed as string | undefined, 25, 1, 1000),
    digitize: !values["no-digitize"],
  };
  const out: unknown[] = [];
  let failed = 0;
  for (const f of files) {
    try {
      const a = await analyzeFile(f, options);
      if (values.json) out.push(a);
      else process.stdout.write(formatAnalysis(a));
    } catch (err) {
      if (!isDir) throw err;
      failed++;
      if (values.json) out.push({ file: f, error: (err as Error).message });
      else process.stdout.write(`${f}\n  error: ${(err as Error).message}\n`);
    }
  }
  if (values.json) {
    const json = JSON.stringify(isDir ? out : out[0], (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2);
    process.stdout.write(json + "\n");
  }
  return failed ? 1 : 0;
}
