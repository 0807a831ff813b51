import { encodeFormat16 } from "./encodeFormat16.js";
import { encodeFormat160 } from "./encodeFormat160.js";
import { encodeFormat212 } from "./encodeFormat212.js";
import { encodeFormat24 } from "./encodeFormat24.js";
import { encodeFormat310 } from "./encodeFormat310.js";
import { encodeFormat311 } from "./encodeFormat311.js";
import { encodeFormat32 } from "./encodeFormat32.js";
import { encodeFormat61 } from "./encodeFormat61.js";
import { encodeFormat80 } from "./encodeFormat80.js";

/** Encoders of the random-access formats (format 8 needs initial values: encodeFormat8). */
export const ENCODERS: Record<number, (samples: Int32Array) => Uint8Array> = {
  16: encodeFormat16,
  24: encodeFormat24,
  32: encodeFormat32,
  61: encodeFormat61,
  80: encodeFormat80,
  160: encodeFormat160,
  212: encodeFormat212,
  310: encodeFormat310,
  311: encodeFormat311,
};
