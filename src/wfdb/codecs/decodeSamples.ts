import { WfdbFormatError } from "../../errors.js";
import { decodeFormat16 } from "./decodeFormat16.js";
import { decodeFormat160 } from "./decodeFormat160.js";
import { decodeFormat212 } from "./decodeFormat212.js";
import { decodeFormat24 } from "./decodeFormat24.js";
import { decodeFormat310 } from "./decodeFormat310.js";
import { decodeFormat311 } from "./decodeFormat311.js";
import { decodeFormat32 } from "./decodeFormat32.js";
import { decodeFormat61 } from "./decodeFormat61.js";
import { decodeFormat80 } from "./decodeFormat80.js";

type Decoder = (bytes: Uint8Array, first: number, count: number, out: Int32Array) => void;

const DECODERS: Record<number, Decoder> = {
  16: decodeFormat16,
  24: decodeFormat24,
  32: decodeFormat32,
  61: decodeFormat61,
  80: decodeFormat80,
  160: decodeFormat160,
  212: decodeFormat212,
  310: decodeFormat310,
  311: decodeFormat311,
};

/** Decodes samples [first, first+count) of a sample stream in a random-access format (all but 8 and FLAC). */
export function decodeSamples(format: number, bytes: Uint8Array, first: number, count: number, out: Int32Array, file: string): void {
  const decode = DECODERS[format];
  if (!decode) throw new WfdbFormatError({ file, field: "format" }, `format ${format} cannot be decoded by range`);
  decode(bytes, first, count, out);
}
