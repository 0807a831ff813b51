/** What the reader and writer need to know about each WFDB storage format. */
export interface FormatInfo {
  /** Bits per stored sample (the digital range is that of a signed integer of this width). */
  bits: number;
  /** The invalid sample: the most negative value of the format. */
  invalid: number;
  /** Samples per packing group and bytes per group (212: 2 in 3, 310/311: 3 in 4). */
  groupSamples: number;
  groupBytes: number;
  /** Bytes that hold the first k samples of a group (k = 1 .. groupSamples-1), when the file ends mid-group. */
  partialBytes: number[];
  /** FLAC-compressed (508, 516, 524): the file is a FLAC stream, one channel per sample of a frame. */
  flac?: boolean;
  /** Format 0: a null signal with no stored samples (layout headers; every sample reads as invalid). */
  none?: boolean;
}

const simple = (bits: number): FormatInfo => ({
  bits,
  invalid: -(2 ** (bits - 1)),
  groupSamples: 1,
  groupBytes: bits / 8,
  partialBytes: [],
});

export const FORMATS: Record<number, FormatInfo> = {
  0: { ...simple(16), none: true },
  8: simple(8),
  16: simple(16),
  24: simple(24),
  32: simple(32),
  61: simple(16),
  80: simple(8),
  160: simple(16),
  212: { bits: 12, invalid: -2048, groupSamples: 2, groupBytes: 3, partialBytes: [2] },
  310: { bits: 10, invalid: -512, groupSamples: 3, groupBytes: 4, partialBytes: [2, 4] },
  311: { bits: 10, invalid: -512, groupSamples: 3, groupBytes: 4, partialBytes: [2, 3] },
  508: { ...simple(8), flac: true },
  516: { ...simple(16), flac: true },
  524: { ...simple(24), flac: true },
};

/** Formats the writer produces. */
export const WRITABLE_FORMATS = [8, 16, 24, 32, 61, 80, 160, 212, 310, 311] as const;
export type WritableFormat = (typeof WRITABLE_FORMATS)[number];

/** Bytes needed to store n samples. */
export function bytesForSamples(info: FormatInfo, n: number): number {
  const full = Math.floor(n / info.groupSamples);
  const rest = n - full * info.groupSamples;
  return full * info.groupBytes + (rest ? info.partialBytes[rest - 1]! : 0);
}

/** Whole samples held by a byte count. */
export function samplesInBytes(info: FormatInfo, nBytes: number): number {
  const full = Math.floor(nBytes / info.groupBytes);
  const rest = nBytes - full * info.groupBytes;
  let extra = 0;
  for (let k = 0; k < info.partialBytes.length; k++) if (rest >= info.partialBytes[k]!) extra = k + 1;
  return full * info.groupSamples + extra;
}

/** The largest valid digital value and the smallest (one above the invalid sample). */
export function digitalRange(format: number): { min: number; max: number } {
  const info = FORMATS[format]!;
  return { min: info.invalid + 1, max: -info.invalid - 1 };
}

