import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main.js";

const EXAMPLE = new URL("../../../examples/ludb-ecg.hea", import.meta.url).pathname;

async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("ecgkit generate (in-process)", () => {
  let dir = "";
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("prints help, and rejects missing paths and out-of-range values with the option named", async () => {
    const help = await runCli(["generate", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--mask-unplotted/);
    expect((await runCli(["generate", "-i", EXAMPLE])).code).toBe(2);
    const bad = await runCli(["generate", "-i", EXAMPLE, "-o", "/tmp/x", "--dpi", "9000"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/dpi.*50 to 600.*9000/);
    expect((await runCli(["generate", "-i", EXAMPLE, "-o", "/tmp/x", "--shard", "3/2"])).err).toMatch(/shard/);
  });

  it("runs the README example: ludb-ecg with seed 1", async () => {
    dir = await mkdtemp(join(tmpdir(), "ecgkit-cli-"));
    const r = await runCli(["generate", "-i", EXAMPLE, "-o", dir, "--seed", "1", "--quiet", "--workers", "1"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 images from 1 records/);
    expect((await readdir(dir)).sort()).toEqual(
      ["-mask.png", ".dat", ".hea", ".json", ".png", ".txt"].map((s) => `ludb-ecg-0${s}`).concat("generate-summary.json").sort(),
    );
  });
});
