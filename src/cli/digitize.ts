import { mkdir } from "node:fs/promises";
import { digitizeFiles } from "../digitize/digitizeFiles.js";
import { findImageFiles } from "../digitize/findImageFiles.js";
import { LAYOUTS, type DigitizeOptions, type LayoutName } from "../digitize/types.js";
import { CliError } from "../errors.js";
import { ProgressBar } from "../util/progress.js";
import { checkChoice, parseNumberOption } from "../util/validate.js";
import { readHeader } from "../wfdb/readHeader.js";
import { parseCommandArgs } from "./args.js";

const HELP = `Usage: ecgkit digitize IMAGE|DIR -o DIR [options]

Reads ECG page images (PNG, JPEG, BMP, TIFF, WebP; folders searched recursively) into WFDB
records. Per image: <stem>.hea/.dat (format 16, mV; samples the page does not show are invalid),
<stem>.json (grid px/mm, rotation, layout, calibration, per-lead confidence, warnings) and with
--overlay <stem>-overlay.png (the traces read, drawn over the image).

  -o, --output DIR     output folder (required)
  --fs HZ              output sampling frequency (default 500)
  --header FILE.hea    template: lead names, sampling frequency and length from this header
  --layout L           ${LAYOUTS.join(", ")} (default auto)
  --speed MM_PER_S     paper speed (default 25)
  --gain MM_PER_MV     amplitude scale (default: from the calibration pulse, else 10)
  --overlay            write <stem>-overlay.png
  --workers N          worker threads (default: all cores)
  --quiet              no progress bar
`;

const FLAGS = {
  output: { type: "string", short: "o" },
  fs: { type: "string" },
  header: { type: "string" },
  layout: { type: "string" },
  speed: { type: "string" },
  gain: { type: "string" },
  overlay: { type: "boolean" },
  workers: { type: "string" },
  quiet: { type: "boolean" },
} as const;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs("digitize", argv, FLAGS, HELP);
  if (!args) return 0;
  const { values: v, positionals } = args;
  const output = v.output as string | undefined;
  if (positionals.length === 0 || !output) throw new CliError('ecgkit digitize: an IMAGE or DIR and -o DIR are required. Try "ecgkit digitize --help".', 2);
  const options: DigitizeOptions = {
    layout: checkChoice("layout", (v.layout as string | undefined) ?? "auto", LAYOUTS) as LayoutName,
    paperSpeedMmPerS: parseNumberOption("speed", v.speed as string | undefined, 25, 1, 1000),
    overlay: Boolean(v.overlay),
  };
  if (v.gain !== undefined) options.gainMmPerMv = parseNumberOption("gain", v.gain as string, 10, 0.1, 1000);
  if (v.header) {
    const { header } = await readHeader(v.header as string);
    options.leadNames = header.signals.map((s, i) => s.description.trim() || `signal${i + 1}`);
    options.samplingFrequencyHz = header.samplingFrequencyHz;
    if (header.nSamples) options.durationS = header.nSamples / header.samplingFrequencyHz;
  }
  if (v.fs !== undefined) options.samplingFrequencyHz = parseNumberOption("fs", v.fs as string, 500, 1, 100_000);
  const inputs: string[] = [];
  for (const p of positionals) inputs.push(...(await findImageFiles(p)));
  if (inputs.length === 0) throw new CliError(`ecgkit digitize: no images found in ${positionals.join(", ")}`, 1);
  await mkdir(output, { recursive: true });
  const workers = v.workers !== undefined ? parseNumberOption("workers", v.workers as string, 1, 1, 256) : undefined;
  const bar = v.quiet || inputs.length < 2 ? undefined : new ProgressBar({ total: inputs.length, unit: "images" });
  const failed: string[] = [];
  let warned = 0;
  await digitizeFiles(inputs, output, {
    ...options,
    workers,
    onFile: (o) => {
      bar?.tick(o.ok);
      if (!o.ok) failed.push(`${o.input}: ${o.error}`);
      else if (o.result.warnings.length) warned++;
    },
  });
  bar?.finish();
  const ok = inputs.length - failed.length;
  process.stdout.write(`digitized ${ok}/${inputs.length} images into ${output}${warned ? ` (${warned} with warnings in their JSON)` : ""}\n`);
  for (const f of failed) process.stderr.write(`  failed: ${f}\n`);
  return failed.length ? 1 : 0;
}
