import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WfdbFormatError } from "../../errors.js";
import { readRecord } from "../readRecord.js";
import { wfdbData } from "./goldenText.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ecgkit-bad-"));
  await copyFile(wfdbData("100s.dat"), join(dir, "100s.dat"));
  await copyFile(wfdbData("cinc2021", "E07500.mat"), join(dir, "E07500.mat"));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const SIG = "100s.dat 212 200 11 1024 995 21537 0 MLII";

/** Writes a header into the scratch folder and returns the WfdbFormatError reading it gives. */
async function errorOf(name: string, text: string): Promise<WfdbFormatError> {
  await writeFile(join(dir, `${name}.hea`), text);
  const err = await readRecord(join(dir, name)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WfdbFormatError);
  return err as WfdbFormatError;
}

describe("bad input gives a WfdbFormatError naming file, line, field and what was expected", () => {
  it("a truncated header", async () => {
    const e = await errorOf("trunc", `trunc 2 360 21600\n${SIG}\n`);
    expect(e.message).toBe(`${join(dir, "trunc.hea")}:3, field "signal line": expected 2 signal lines after the record line (it says 2), found 1: the header is truncated`);
    expect([e.line, e.field]).toEqual([3, "signal line"]);
  });

  it("an empty header", async () => {
    const e = await errorOf("empty", "# only a comment\n\n");
    expect(e.message).toBe(`${join(dir, "empty.hea")}:1, field "record line": expected a record line (name, number of signals, ...), found an empty header`);
  });

  it("a malformed gain, number of signals, frequency, base time", async () => {
    expect((await errorOf("g", `g 1 360 10\n100s.dat 212 2x0/mV 11 1024 995 0 0 MLII\n`)).message).toBe(
      `${join(dir, "g.hea")}:2, field "gain": expected a number of ADC units per physical unit, found "2x0"`,
    );
    expect((await errorOf("n", `n two 360\n`)).message).toMatch(/n\.hea:1, field "number of signals": expected a whole number of signals, found "two"$/);
    expect((await errorOf("f", `f 1 fast\n${SIG}\n`)).message).toMatch(/f\.hea:1, field "sampling frequency": expected a positive number of Hz, found "fast"$/);
    expect((await errorOf("t", `t 1 360 10 25h\n${SIG}\n`)).message).toMatch(/t\.hea:1, field "base time": expected HH:MM:SS\[\.sss\], found "25h"$/);
    expect((await errorOf("c", `c 1 360 10\n${SIG.replace("21537", "sum")}\n`)).message).toMatch(/c\.hea:2, field "checksum": expected an integer checksum, found "sum"$/);
  });

  it("an unknown format", async () => {
    const e = await errorOf("u", `u 1 360\n100s.dat 213 200 11 1024 995 0 0 MLII\n`);
    expect(e.message).toBe(`${join(dir, "u.hea")}:2, field "format": expected one of the WFDB formats 0, 8, 16, 24, 32, 61, 80, 160, 212, 310, 311, 508, 516, 524, found "213"`);
  });

  it("a missing signal file", async () => {
    const e = await errorOf("m", `m 1 360 10\nnothere.dat 16 200 16 0 0 0 0 I\n`);
    expect(e.message).toBe(`${join(dir, "m.hea")}:2, field "file name": expected the signal file ${join(dir, "nothere.dat")} to exist and be readable, found no such file`);
  });

  it("a header that claims more samples than the file holds", async () => {
    const e = await errorOf("long", `long 2 360 30000\n${SIG}\n100s.dat 212 200 11 1024 1011 0 0 V5\n`);
    expect(e.message).toBe(
      `${join(dir, "100s.dat")}, field "number of samples": expected 30000 samples per signal as ${join(dir, "long.hea")} line 1 says (2 signal(s) in this file), found 21600 whole frames in 64800 bytes: the file is short`,
    );
  });

  it("a short (truncated) signal file", async () => {
    await writeFile(join(dir, "short.dat"), (await readFile(join(dir, "100s.dat"))).subarray(0, 1000));
    const e = await errorOf("short", `short 1 360 21600\nshort.dat 16 200 16 0 0 0 0 I\n`);
    expect(e.message).toMatch(/short\.dat, field "number of samples": expected 21600 samples per signal .* found 500 whole frames in 1000 bytes: the file is short$/);
  });

  it("a .mat that is not MATLAB v4, or disagrees with its header", async () => {
    const mat5 = new Uint8Array(200);
    mat5.set(Buffer.from("MATLAB 5.0 MAT-file, Platform: GLNXA64"));
    await writeFile(join(dir, "v5.mat"), mat5);
    const e = await errorOf("v5", `v5 1 500 10\nv5.mat 16+24 1000/mV 16 0 0 0 0 I\n`);
    expect(e.message).toBe(`${join(dir, "v5.mat")}, field "MATLAB header": expected a MATLAB v4 file, found a MATLAB 5 or later file (save it with -v4)`);
    const rows = await errorOf("rows", `rows 2 500\nE07500.mat 16+24 1000/mV 16 0 0 0 0 I\nE07500.mat 16+24 1000/mV 16 0 0 0 0 II\n`);
    expect(rows.message).toBe(`${join(dir, "E07500.mat")}, field "MATLAB rows": expected 2 rows (one per sample of a frame), found 12`);
    const offset = await errorOf("off", `off 1 500\nE07500.mat 16x12+20 1000/mV 16 0 0 0 0 I\n`);
    expect(offset.message).toMatch(/field "byte offset": expected the header's byte offset 20 to be where the matrix data starts, found 24$/);
    const type = await errorOf("type", `type 1 500\nE07500.mat 32x12+24 1000/mV 16 0 0 0 0 I\n`);
    expect(type.message).toMatch(/field "MATLAB precision": expected samples stored as WFDB format 32, found MATLAB precision 3 \(int16, little-endian\)$/);
  });

  it("a FLAC format over a file that is not FLAC", async () => {
    const e = await errorOf("fl", `fl 1 360\n100s.dat 516 200 16 0 0 0 0 I\n`);
    expect(e.message).toMatch(/100s\.dat, field "FLAC signature": expected a FLAC stream starting with "fLaC", found /);
  });
});
