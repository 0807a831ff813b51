import { basename } from "node:path";
import { CliError } from "../errors.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { checkChoice, parseNumberOption } from "../util/validate.js";
import { WRITABLE_FORMATS, type WritableFormat } from "../wfdb/formats.js";
import { readRecord, type ReadRecordOptions } from "../wfdb/readRecord.js";
import { recordToCsv } from "../wfdb/recordToCsv.js";
import { recordToJson } from "../wfdb/recordToJson.js";
import { reencodeRecord } from "../wfdb/reencodeRecord.js";
import { writeEncodedRecord } from "../wfdb/writeRecord.js";
import { parseCommandArgs } from "./args.js";

const HELP = `Usage: ecgkit convert RECORD --to csv|json|wfdb [options]

Converts a WFDB record (header path, with or without ".hea").

  --to KIND          csv, json or wfdb
  -o, --output PATH  csv/json: the file to write (default: standard output);
                     wfdb: the folder to write <name>.hea and <name>.dat into (required)
  --format N         wfdb: the signal format, one of ${WRITABLE_FORMATS.join(", ")} (default 16).
                     Digital values are kept when they fit; otherwise gains are re-chosen (a warning says so)
  --name NAME        wfdb: the output record's name (default: the input's)
  --start N|Ts       first sample, or a time in seconds with "s" (e.g. 12.5s) (default 0)
  --end N|Ts         sample (or time) to stop before (default: the end)
  --signals A,B,...  signals by name or index, in this order (default: all)
  --digital          csv/json: ADC units instead of physical values
`;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs("convert", argv, {
    to: { type: "string" },
    output: { type: "string", short: "o" },
    format: { type: "string" },
    name: { type: "string" },
    start: { type: "string" },
    end: { type: "string" },
    signals: { type: "string" },
    digital: { type: "boolean" },
  }, HELP);
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length !== 1) throw new CliError(`ecgkit convert: expected one RECORD, got ${positionals.length}.\n\n${HELP}`, 2);
  if (values.to === undefined) throw new CliError(`ecgkit convert: --to is required.\n\n${HELP}`, 2);
  const to = checkChoice("--to", values.to, ["csv", "json", "wfdb"] as const);
  const output = values.output as string | undefined;
  if (to === "wfdb" && output === undefined) throw new CliError("ecgkit convert: --to wfdb needs -o FOLDER.", 2);
  if (to !== "wfdb" && (values.format !== undefined || values.name !== undefined)) {
    throw new CliError("ecgkit convert: --format and --name apply to --to wfdb only.", 2);
  }
  const options: ReadRecordOptions = { digital: to === "wfdb" || values.digital === true, expandFrames: to === "wfdb" };
  for (const which of ["start", "end"] as const) {
    const text = values[which] as string | undefined;
    if (text === undefined) continue;
    // "12.5s" is a time in seconds (rounded to the nearest sample, as rdsamp does); otherwise a sample number.
    if (text.endsWith("s")) options[`${which}TimeS`] = parseNumberOption(`--${which}`, text.slice(0, -1), 0, 0, Number.MAX_VALUE);
    else options[`${which}Sample`] = parseNumberOption(`--${which}`, text, 0, 0, Number.MAX_SAFE_INTEGER);
  }
  if (values.signals !== undefined) {
    options.signals = (values.signals as string).split(",").map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  }
  const record = await readRecord(positionals[0]!, options);
  for (const w of record.warnings) process.stderr.write(`warning: ${w}\n`);
  if (to === "wfdb") {
    const format = Number(checkChoice("--format", (values.format as string | undefined) ?? "16", WRITABLE_FORMATS.map(String))) as WritableFormat;
    const name = (values.name as string | undefined) ?? basename(record.name);
    const { headerPath, warnings } = await writeEncodedRecord(output!, reencodeRecord(record, { format, name }));
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(`wrote ${headerPath}\n`);
    return 0;
  }
  const text = to === "csv" ? recordToCsv(record, { digital: values.digital === true }) : JSON.stringify(recordToJson(record)) + "\n";
  if (output === undefined || output === "-") process.stdout.write(text);
  else {
    await writeFileAtomic(output, text);
    process.stdout.write(`wrote ${output}\n`);
  }
  return 0;
}
