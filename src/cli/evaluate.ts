import { CliError } from "../errors.js";
import { evaluateFolders } from "../metrics/evaluateFolders.js";
import { formatScores, scoresToJson } from "../metrics/formatScores.js";
import { MASK_LAYOUTS } from "../metrics/maskToLayout.js";
import { checkChoice, parseNumberOption } from "../util/validate.js";
import { ProgressBar } from "../util/progress.js";
import { parseCommandArgs } from "./args.js";

const HELP = `Usage: ecgkit evaluate --ref DIR|FILE --est DIR|FILE [options]

Scores digitized records against reference records with the PhysioNet Challenge 2024 SNR
(alignment within 0.5 s and 1 mV, coverage-weighted; see README "## Analyse and score").
Records are WFDB (.hea) or CSV (header row of lead names, mV) and are paired by stem.

  --ref PATH          reference folder or record
  --est PATH          estimate folder or record
  --est-suffix S      estimate stem = reference stem + S (e.g. "-0", ".ecgminer")
  --csv-fs HZ         sampling frequency of CSV files (default 500)
  --ref-layout L      reduce references to what a page shows: none (default), 3x4, 3x4+1
                      (3x4 with a lead II rhythm strip), for truths stored whole (LUDB CSVs)
  --json              JSON instead of a table (inf/nan as strings)
`;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs("evaluate", argv, {
    ref: { type: "string" },
    est: { type: "string" },
    "est-suffix": { type: "string" },
    "csv-fs": { type: "string" },
    "ref-layout": { type: "string" },
    json: { type: "boolean" },
  }, HELP);
  if (!args) return 0;
  const { values } = args;
  if (typeof values.ref !== "string" || typeof values.est !== "string") throw new CliError(`ecgkit evaluate: --ref and --est are required.\n\n${HELP}`, 2);
  let bar: ProgressBar | undefined;
  const result = await evaluateFolders(values.ref, values.est, {
    onRecord: (done, total) => {
      if (total < 5) return;
      bar ??= new ProgressBar({ total, unit: "records" });
      bar.tick();
    },
    refLayout: checkChoice("--ref-layout", values["ref-layout"] ?? "none", MASK_LAYOUTS),
    estSuffix: values["est-suffix"] as string | undefined,
    csvSamplingFrequencyHz: parseNumberOption("--csv-fs", values["csv-fs"] as string | undefined, 500, 1, 100_000),
  });
  bar?.finish();
  process.stdout.write(values.json ? JSON.stringify(scoresToJson(result), null, 2) + "\n" : formatScores(result));
  return 0;
}
