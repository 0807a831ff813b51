import { describe, expect, it } from "vitest";
import { JobQueue, QueueFullError, type JobOutput } from "../jobQueue.js";

/** A job runner the test finishes by hand. */
function manual() {
  let finish!: (err?: Error) => void;
  let stage!: (s: string) => void;
  const started = { value: false };
  const run = (onStage: (s: string) => void) =>
    new Promise<JobOutput>((resolve, reject) => {
      started.value = true;
      stage = onStage;
      finish = (err) => (err ? reject(err) : resolve({ summary: { ok: true }, files: [] }));
    });
  return { run, started, finish: (err?: Error) => finish(err), stage: (s: string) => stage(s) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("JobQueue", () => {
  it("runs at most maxRunning jobs, queues maxQueued in order, refuses the rest", async () => {
    const q = new JobQueue({ maxRunning: 1, maxQueued: 1 });
    const a = manual(), b = manual();
    const ja = q.submit("t", a.run);
    const jb = q.submit("t", b.run);
    expect(() => q.submit("t", manual().run)).toThrow(QueueFullError);
    expect([ja.state, jb.state, a.started.value, b.started.value]).toEqual(["running", "queued", true, false]);
    expect(q.position(jb.id)).toBe(1);
    a.stage("half way");
    expect(q.get(ja.id)!.stage).toBe("half way");
    a.finish();
    await tick();
    expect([q.get(ja.id)!.state, q.get(jb.id)!.state, b.started.value]).toEqual(["done", "running", true]);
    b.finish(new Error("no grid found"));
    await q.whenIdle();
    expect(q.get(jb.id)).toMatchObject({ state: "failed", error: "no grid found" });
  });

  it("keeps only the newest maxFinished results", async () => {
    const q = new JobQueue({ maxRunning: 4, maxFinished: 2 });
    const jobs = [0, 1, 2].map(() => manual());
    const ids = jobs.map((j) => q.submit("t", j.run).id);
    for (const j of jobs) {
      j.finish();
      await tick();
    }
    expect(ids.map((id) => q.get(id)?.state)).toEqual([undefined, "done", "done"]);
  });

  it("on close fails waiting jobs, aborts running ones and refuses new ones", async () => {
    const q = new JobQueue({ maxRunning: 1, maxQueued: 2 });
    let aborted = false;
    const running = q.submit("t", (_s, signal) => new Promise((_, reject) => signal.addEventListener("abort", () => ((aborted = true), reject(new Error("stopped"))))));
    const waiting = q.submit("t", manual().run);
    await q.close();
    expect(aborted).toBe(true);
    expect(q.get(running.id)!.state).toBe("failed");
    expect(q.get(waiting.id)).toMatchObject({ state: "failed", error: "the server was shut down" });
    expect(() => q.submit("t", manual().run)).toThrow("the server is shutting down");
  });
});
