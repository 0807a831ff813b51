import { WfdbFormatError } from "../errors.js";
import { ANN_AUX, ANN_CHN, ANN_NUM, ANN_SKIP, ANN_SUB, ANNOTATION_SYMBOLS } from "./annotationCodes.js";

export interface WfdbAnnotation {
  /** Sample number (frame) the annotation refers to. */
  sample: number;
  /** Type code 1..49 (e.g. 1 = normal beat). */
  type: number;
  /** rdann's mnemonic for the type (e.g. "N", "V", "+"). */
  symbol: string;
  subtype: number;
  chan: number;
  num: number;
  /** Auxiliary text (e.g. rhythm "(AFIB"), "" when none. */
  aux: string;
}

/**
 * Parses an MIT-format annotation file: 16-bit little-endian words, type in the top 6 bits and the
 * sample interval (or a modifier's value) in the low 10. `chan` and `num` carry over to later
 * annotations, as in the WFDB library; `subtype` and `aux` belong to one annotation only.
 */
export function parseAnnotations(bytes: Uint8Array, file: string): WfdbAnnotation[] {
  const out: WfdbAnnotation[] = [];
  let p = 0;
  let time = 0;
  let chan = 0;
  let num = 0;
  let last: WfdbAnnotation | undefined;
  const word = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  while (p + 1 < bytes.length) {
    const w = word(p);
    p += 2;
    const code = w >> 10;
    const value = w & 0x3ff;
    if (code === 0 && value === 0) return out;
    if (code === ANN_SKIP) {
      if (p + 4 > bytes.length) throw new WfdbFormatError({ file, field: "SKIP interval" }, `expected a 4-byte interval at byte ${p}, found the end of the file`);
      // PDP-11 long: high 16-bit word first, each word little-endian.
      time += ((word(p) << 16) | word(p + 2)) | 0;
      p += 4;
    } else if (code === ANN_NUM || code === ANN_SUB || code === ANN_CHN || code === ANN_AUX) {
      if (!last) throw new WfdbFormatError({ file, field: "annotation" }, `expected an annotation before the modifier word at byte ${p - 2}, found none`);
      if (code === ANN_NUM) last.num = num = (value << 22) >> 22;
      else if (code === ANN_SUB) last.subtype = (value << 22) >> 22;
      else if (code === ANN_CHN) last.chan = chan = value;
      else {
        if (p + value > bytes.length) throw new WfdbFormatError({ file, field: "aux" }, `expected ${value} bytes of auxiliary text at byte ${p}, found ${bytes.length - p}`);
        let end = p + value;
        while (end > p && bytes[end - 1] === 0) end--;
        last.aux = String.fromCharCode(...bytes.subarray(p, end));
        p += value + (value & 1);
      }
    } else if (code >= 1 && code <= 49) {
      time += value;
      last = { sample: time, type: code, symbol: ANNOTATION_SYMBOLS[code]!, subtype: 0, chan, num, aux: "" };
      out.push(last);
    } else {
      throw new WfdbFormatError({ file, field: "annotation type" }, `expected an annotation code 1-49 or a modifier 59-63 at byte ${p - 2}, found ${code}`);
    }
  }
  return out;
}
