import { FORMATS } from "./formats.js";
import { fieldError, parseIntegerField, parseNumberField, type HeaderPlace } from "./headerFields.js";
import type { SignalSpec } from "./types.js";

/** WFDB's gain for signals whose header gives 0 or none ("uncalibrated"). */
export const DEFAULT_ADC_GAIN = 200;

const FORMAT = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/;
const GAIN = /^([^(/]+)(?:\(([^)]*)\))?(?:\/(.*))?$/;

const knownFormats = () => Object.keys(FORMATS).join(", ");

/**
 * `file format[xspf][:skew][+offset] gain[(baseline)][/units] adcres adczero initval checksum blocksize description`
 * `rest` is the original line text after the nine fixed fields, so descriptions keep their spaces.
 */
export function parseSignalLine(tokens: string[], line: string, at: HeaderPlace): SignalSpec {
  const [fileName, formatTok, gainTok, resTok, zeroTok, initTok, sumTok, blockTok] = tokens;
  const fm = formatTok === undefined ? null : FORMAT.exec(formatTok);
  if (!fm) throw fieldError(at, "format", `format[xSPF][:skew][+offset] with a format of ${knownFormats()}`, formatTok);
  const format = Number(fm[1]);
  if (!FORMATS[format]) {
    throw fieldError(at, "format", `one of the WFDB formats ${knownFormats()}`, fm[1]);
  }
  const samplesPerFrame = fm[2] === undefined ? 1 : Number(fm[2]);
  if (samplesPerFrame < 1) throw fieldError(at, "samples per frame", "at least 1", fm[2]);
  const spec: SignalSpec = {
    fileName: fileName!,
    format,
    samplesPerFrame,
    skew: fm[3] === undefined ? 0 : Number(fm[3]),
    byteOffset: fm[4] === undefined ? 0 : Number(fm[4]),
    adcGain: DEFAULT_ADC_GAIN,
    baseline: 0,
    units: "mV",
    adcResolution: 0,
    adcZero: 0,
    initialValue: 0,
    checksum: undefined,
    blockSize: 0,
    description: "",
  };
  let baselineGiven = false;
  if (gainTok === undefined) spec.uncalibrated = true;
  else {
    const gm = GAIN.exec(gainTok);
    if (!gm) throw fieldError(at, "gain", "gain[(baseline)][/units]", gainTok);
    const gain = parseNumberField(at, "gain", gm[1], "a number of ADC units per physical unit");
    if (gain < 0) throw fieldError(at, "gain", "a gain of 0 (uncalibrated) or more", gm[1]);
    if (gain === 0) spec.uncalibrated = true;
    else spec.adcGain = gain;
    if (gm[2] !== undefined) {
      spec.baseline = parseIntegerField(at, "baseline", gm[2], "an integer baseline in ADC units");
      baselineGiven = true;
    }
    if (gm[3] !== undefined) {
      if (gm[3] === "") throw fieldError(at, "units", "a unit name after '/'", gm[3]);
      spec.units = gm[3];
    }
  }
  spec.adcResolution = resTok === undefined ? defaultResolution(format) : parseIntegerField(at, "ADC resolution", resTok, "a whole number of bits");
  if (zeroTok !== undefined) spec.adcZero = parseIntegerField(at, "ADC zero", zeroTok);
  if (!baselineGiven) spec.baseline = spec.adcZero;
  spec.initialValue = initTok === undefined ? spec.adcZero : parseIntegerField(at, "initial value", initTok);
  if (sumTok !== undefined) spec.checksum = parseIntegerField(at, "checksum", sumTok, "an integer checksum");
  if (blockTok !== undefined) spec.blockSize = parseIntegerField(at, "block size", blockTok);
  if (tokens.length > 8) spec.description = descriptionOf(line);
  return spec;
}

function defaultResolution(format: number): number {
  return FORMATS[format]?.bits ?? (format % 100);
}

/** The text after the eighth field, as written (inner spaces kept, ends trimmed). */
function descriptionOf(line: string): string {
  const m = /^\s*(?:\S+\s+){8}(.*)$/.exec(line);
  return m ? m[1]!.trim() : "";
}
