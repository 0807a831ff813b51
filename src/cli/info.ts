import { CliError } from "../errors.js";
import { describeRecord } from "../wfdb/describeRecord.js";
import { formatRecordSummary } from "../wfdb/formatRecordSummary.js";
import { parseCommandArgs } from "./args.js";

const HELP = `Usage: ecgkit info RECORD [--json]

Shows a WFDB record's signals: name, format, gain, baseline, units, sampling frequency,
length and whether the checksum matches. RECORD is the header path, with or without ".hea".

  --json      print the summary as JSON
`;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs("info", argv, {
    json: { type: "boolean" },
  }, HELP);
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length !== 1) throw new CliError(`ecgkit info: expected one RECORD, got ${positionals.length}.\n\n${HELP}`, 2);
  const summary = await describeRecord(positionals[0]!);
  if (values.json) {
    const { header, ...rest } = summary;
    const { lineNumbers: _lines, signals: _signals, ...record } = header;
    process.stdout.write(JSON.stringify({ record, ...rest }, null, 2) + "\n");
  } else {
    process.stdout.write(formatRecordSummary(summary));
  }
  return 0;
}
