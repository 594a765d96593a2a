import { describe, expect, it } from "vitest";
import { GroupCommit } from "@/lib/pipeline/ingest/group-commit";

/** A writer whose batches finish when the test says, recording what each batch held. */
function controlledWriter() {
  const batches: number[][] = [];
  const finish: Array<() => void> = [];
  const write = (items: number[]) =>
    new Promise<Array<number | Error>>((resolve) => {
      batches.push(items);
      finish.push(() => resolve(items.map((item) => (item < 0 ? new Error(`refused ${item}`) : item * 10))));
    });
  return { batches, finish, write };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("GroupCommit", () => {
  it("writes a lone item at once, and what arrives during a write in the next batch", async () => {
    const writer = controlledWriter();
    const group = new GroupCommit({ maxBatch: 128, maxInFlight: 1, write: writer.write });
    const first = group.submit(1);
    await turn();
    expect(writer.batches).toEqual([[1]]);
    const later = [group.submit(2), group.submit(3), group.submit(4)];
    await turn();
    expect(writer.batches).toEqual([[1]]); // waiting for the write in flight
    writer.finish[0]!();
    expect(await first).toBe(10);
    await turn();
    expect(writer.batches).toEqual([[1], [2, 3, 4]]);
    writer.finish[1]!();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it("puts items submitted in the same turn of the event loop in one batch, at most maxBatch", async () => {
    const writer = controlledWriter();
    const group = new GroupCommit({ maxBatch: 3, maxInFlight: 1, write: writer.write });
    const results = [1, 2, 3, 4, 5].map((item) => group.submit(item));
    await turn();
    expect(writer.batches).toEqual([[1, 2, 3]]);
    writer.finish[0]!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await turn();
    expect(writer.batches).toEqual([[1, 2, 3], [4, 5]]);
    writer.finish[1]!();
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50]);
  });

  it("runs up to maxInFlight batches at once", async () => {
    const writer = controlledWriter();
    const group = new GroupCommit({ maxBatch: 2, maxInFlight: 2, write: writer.write });
    const results = [1, 2, 3, 4, 5, 6].map((item) => group.submit(item));
    await turn();
    await turn();
    expect(writer.batches).toEqual([[1, 2], [3, 4]]);
    expect(group.pending).toEqual({ waiting: 2, inFlight: 2 });
    writer.finish.forEach((done) => done());
    await new Promise((resolve) => setTimeout(resolve, 0));
    await turn();
    writer.finish[2]!();
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it("fails one item alone when the writer says so, and every item when the write fails", async () => {
    const group = new GroupCommit<number, number>({ maxBatch: 10, maxInFlight: 1, write: (items) => Promise.resolve(items.map((item) => (item < 0 ? new Error(`refused ${item}`) : item))) });
    const [ok, refused] = await Promise.allSettled([group.submit(1), group.submit(-1)]);
    expect(ok).toEqual({ status: "fulfilled", value: 1 });
    expect(refused).toMatchObject({ status: "rejected", reason: { message: "refused -1" } });

    const broken = new GroupCommit<number, number>({ maxBatch: 10, maxInFlight: 1, write: () => Promise.reject(new Error("database unavailable")) });
    const all = await Promise.allSettled([broken.submit(1), broken.submit(2)]);
    expect(all.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    // And it goes on writing afterwards.
    expect(broken.pending).toEqual({ waiting: 0, inFlight: 0 });
  });
});
