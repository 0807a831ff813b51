import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedPath } from "../../testdata.js";
import { findRecords } from "../findRecords.js";

describe("findRecords", () => {
  it("lists multi-segment records once, without their segment headers", async () => {
    const found = await findRecords(sharedPath("wfdb", "multi-segment"));
    expect(found.map((r) => r.relPath)).toEqual(["041s/041s.hea", "fixed1/v102s.hea"]);
  });

  it("follows symbolic links without looping, and accepts one record with or without .hea", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecgkit-find-"));
    try {
      await symlink(sharedPath("wfdb", "multi-segment", "041s"), join(dir, "linked"));
      await symlink(dir, join(dir, "loop"));
      expect((await findRecords(dir)).map((r) => r.relPath)).toEqual(["linked/041s.hea"]);
      expect(await findRecords(sharedPath("wfdb", "100s"))).toEqual([{ path: sharedPath("wfdb", "100s.hea"), relPath: "100s.hea" }]);
      await expect(findRecords(join(dir, "nothing"))).rejects.toThrow(/nothing.hea/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
