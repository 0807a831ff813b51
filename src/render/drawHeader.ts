import QRCode from "qrcode";
import type { WfdbRecord } from "../wfdb/types.js";
import type { Rng } from "../util/rng.js";
import { boxQuad, drawText } from "./drawText.js";
import type { Rgb } from "./gridColors.js";
import { estimateHeartRateBpm } from "./heartRate.js";
import { inventIdentity } from "./inventIdentity.js";
import { findLeadSignal } from "./leads.js";
import { fillRect } from "./raster.js";
import type { ObjectBox, RgbaImage } from "./types.js";

/** Header lines: record name, WFDB info strings (comments), heart rate; with `invented`, a made-up patient and site. */
export function headerLines(record: WfdbRecord, invented: boolean, rng: Rng): { lines: string[]; measurements: Record<string, number>; identity?: ReturnType<typeof inventIdentity> } {
  const lines: string[] = [];
  const measurements: Record<string, number> = {};
  const identity = invented ? inventIdentity(rng) : undefined;
  if (identity) {
    lines.push(`${identity.name}   ID: ${identity.patientId}   ${identity.date} ${identity.time}`);
    lines.push(`${identity.hospital} - ${identity.department}`);
  }
  const lead = findLeadSignal(record.signalNames, "II") ?? { signalIndex: 0 };
  const signal = record.physical[lead.signalIndex];
  const hr = signal ? estimateHeartRateBpm(signal, record.samplingFrequencyHz) : undefined;
  if (hr !== undefined) measurements.heart_rate_bpm = Math.round(hr);
  const info = record.header.comments
    .map((c) => c.replace(/[<>]/g, "").trim())
    .filter((c) => c.length > 0)
    .slice(0, 4);
  lines.push([`Record: ${record.name}`, hr !== undefined ? `HR: ${Math.round(hr)} bpm` : "", ...info.slice(0, 2)].filter(Boolean).join("   "));
  if (info.length > 2) lines.push(info.slice(2).join("   "));
  return { lines, measurements, identity };
}

/** Draws lines of text from (x, y) downward; returns a box per line. */
export function drawLines(img: RgbaImage, lines: string[], xPx: number, yPx: number, sizePx: number, rgb: Rgb, kind: string): ObjectBox[] {
  return lines.map((text, i) => ({
    kind,
    text,
    box: drawText(img, text, xPx, yPx + (i + 1) * sizePx * 1.35, { sizePx, rgb }),
  }));
}

/** Draws a QR code of `text` with its top-left corner at (x, y) px, `sizePx` wide, on a white quiet zone. */
export function drawQrCode(img: RgbaImage, text: string, xPx: number, yPx: number, sizePx: number, rgb: Rgb): ObjectBox {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 2;
  const m = sizePx / (n + 2 * quiet);
  fillRect(img, xPx, yPx, xPx + sizePx, yPx + sizePx, [255, 255, 255]);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      const x = xPx + (c + quiet) * m;
      const y = yPx + (r + quiet) * m;
      fillRect(img, x, y, x + m, y + m, rgb);
    }
  }
  return { kind: "qr_code", text, box: boxQuad(xPx, yPx, xPx + sizePx, yPx + sizePx) };
}
