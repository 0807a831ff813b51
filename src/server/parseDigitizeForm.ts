import { LAYOUTS, type DigitizeOptions } from "../digitize/types.js";
import { checkChoice, parseNumberOption } from "../util/validate.js";

/** The Digitize form's text fields (beside the file "image"). */
export const DIGITIZE_FIELDS = ["layout", "paperSpeedMmPerS", "gainMmPerMv", "samplingFrequencyHz"] as const;

/** The Digitize form's fields as DigitizeOptions; a bad value raises OptionError naming the field. */
export function parseDigitizeForm(fields: Map<string, string>): DigitizeOptions {
  const text = (name: string) => {
    const v = fields.get(name)?.trim();
    return v === "" || v === "auto" ? undefined : v;
  };
  const options: DigitizeOptions = {
    layout: checkChoice("layout", fields.get("layout")?.trim() || "auto", LAYOUTS),
    paperSpeedMmPerS: parseNumberOption("paperSpeedMmPerS", text("paperSpeedMmPerS"), 25, 5, 200),
    samplingFrequencyHz: parseNumberOption("samplingFrequencyHz", text("samplingFrequencyHz"), 500, 50, 5000),
  };
  const gain = text("gainMmPerMv");
  if (gain !== undefined) options.gainMmPerMv = parseNumberOption("gainMmPerMv", gain, 10, 1, 100);
  return options;
}
