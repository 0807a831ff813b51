import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { WfdbFormatError } from "../../errors.js";
import { parseHeader } from "../../wfdb/parseHeader.js";
import { prepareUploadedRecord } from "../prepareUploadedRecord.js";

const EXAMPLES = new URL("../../../examples/", import.meta.url);
const enc = (s: string) => new TextEncoder().encode(s);

describe("prepareUploadedRecord", () => {
  it("renames the record and its signal file to server names and keeps every other field", async () => {
    const text = await readFile(new URL("E07500.hea", EXAMPLES), "utf8");
    const hostile = text.replaceAll("E07500.mat", "../../etc/E07500.mat");
    const up = prepareUploadedRecord(enc(hostile), "E07500.hea", new Uint8Array(10), "E07500.mat");
    expect(up.dataExtension).toBe(".mat");
    expect(up.recordName).toBe("E07500");
    const before = parseHeader(text, "a");
    const after = parseHeader(up.header, "b");
    expect(after.recordName).toBe("upload");
    expect(after.signals.map((s) => s.fileName)).toEqual(Array(12).fill("upload.mat"));
    expect(after.signals.map(({ fileName: _, ...rest }) => rest)).toEqual(before.signals.map(({ fileName: _, ...rest }) => rest));
    expect(after.comments).toEqual(before.comments);
    expect(up.header).not.toContain("..");
  });

  it("refuses what it cannot store safely or pair correctly, naming the problem", () => {
    const twoFiles = "r 2 500 10\na.dat 16 200 16 0 0 0 0 I\nb.dat 16 200 16 0 0 0 0 II\n";
    const one = "r 1 500 10\nr.dat 16 200 16 0 0 0 0 I\n";
    const cases: [Uint8Array, Uint8Array, string, RegExp][] = [
      [enc(twoFiles), new Uint8Array(4), "a.dat", /expected all signals in one file, found 2 files \(a\.dat, b\.dat\)/],
      [enc("big/2 1 500 20\ns1 10\ns2 10\n"), new Uint8Array(4), "s1", /multi-segment records cannot be uploaded/],
      [enc(one), new Uint8Array(4), "other.dat", /the header's signals are in "r\.dat", but the signal file uploaded is "other\.dat"/],
      [enc(one), new Uint8Array(0), "r.dat", /the signal file is empty/],
      [new Uint8Array(0), new Uint8Array(4), "r.dat", /the header file is empty/],
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), new Uint8Array(4), "r.dat", /is not a text header/],
    ];
    for (const [header, data, dataName, message] of cases) {
      expect(() => prepareUploadedRecord(header, "r.hea", data, dataName)).toThrow(WfdbFormatError);
      expect(() => prepareUploadedRecord(header, "r.hea", data, dataName)).toThrow(message);
    }
  });
});
