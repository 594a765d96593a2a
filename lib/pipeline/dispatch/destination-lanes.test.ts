import { describe, expect, it } from "vitest";
import { DestinationLanes } from "@/lib/pipeline/dispatch/destination-lanes";

/** Lanes whose transactions are recorded and finish (or say they have started their last request) when the test says so. */
function recordingLanes(maxBatch?: number) {
  const transactions: Array<{ ids: string[]; options: object; finish: (error?: Error) => void; lastStarted: () => void }> = [];
  const lanes = new DestinationLanes<object, string>(
    (ids, options, lastStarted) =>
      new Promise((resolve, reject) => {
        transactions.push({
          ids,
          options,
          finish: (error) => (error ? reject(error) : resolve(new Map(ids.map((id) => [id, `done ${id}`])))),
          lastStarted,
        });
      }),
    maxBatch,
  );
  return { lanes, transactions };
}

/** Lets the lanes start what they can (they start on the next turn of the event loop). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("DestinationLanes", () => {
  it("runs one transaction per destination at a time, and puts what arrived meanwhile together in the next", async () => {
    const { lanes, transactions } = recordingLanes();
    const first = lanes.run("d1", ["a"], {});
    await settle();
    const second = lanes.run("d1", ["b", "c"], {});
    const third = lanes.run("d1", ["d"], {});
    await settle();
    expect(transactions.map((transaction) => transaction.ids)).toEqual([["a"]]);

    transactions[0]!.finish();
    expect(await first).toEqual(new Map([["a", "done a"]]));
    await settle();
    expect(transactions.map((transaction) => transaction.ids)).toEqual([["a"], ["b", "c", "d"]]);
    transactions[1]!.finish();
    // Each caller gets its own deliveries' results only.
    expect(await second).toEqual(new Map([["b", "done b"], ["c", "done c"]]));
    expect(await third).toEqual(new Map([["d", "done d"]]));
  });

  it("starts requests made in the same turn together, and other destinations at once", async () => {
    const { lanes, transactions } = recordingLanes();
    void lanes.run("d1", ["a"], {});
    void lanes.run("d1", ["b"], {});
    void lanes.run("d2", ["c"], {});
    await settle();
    expect(transactions.map((transaction) => transaction.ids)).toEqual([["a", "b"], ["c"]]);
  });

  it("never puts more than maxBatch together, nor splits one request", async () => {
    const { lanes, transactions } = recordingLanes(3);
    void lanes.run("d1", ["a", "b"], {});
    void lanes.run("d1", ["c", "d"], {});
    void lanes.run("d1", ["e", "f", "g", "h"], {});
    await settle();
    expect(transactions.map((transaction) => transaction.ids)).toEqual([["a", "b"]]);
    transactions[0]!.finish();
    await settle();
    await settle();
    expect(transactions.map((transaction) => transaction.ids)).toEqual([["a", "b"], ["c", "d"]]);
    transactions[1]!.finish();
    await settle();
    await settle();
    expect(transactions.map((transaction) => transaction.ids)).toEqual([["a", "b"], ["c", "d"], ["e", "f", "g", "h"]]);
  });

  it("attempts an id asked for twice once, and answers both callers", async () => {
    const { lanes, transactions } = recordingLanes();
    const one = lanes.run("d1", ["a", "b"], {});
    const two = lanes.run("d1", ["b"], {});
    await settle();
    expect(transactions.map((transaction) => transaction.ids)).toEqual([["a", "b"]]);
    transactions[0]!.finish();
    expect(await one).toEqual(new Map([["a", "done a"], ["b", "done b"]]));
    expect(await two).toEqual(new Map([["b", "done b"]]));
  });

  it("keeps requests with different options apart", async () => {
    const { lanes, transactions } = recordingLanes();
    const random = () => 0.5;
    void lanes.run("d1", ["a"], { slotWaitMs: 1000 });
    void lanes.run("d1", ["b"], { slotWaitMs: 1000, random });
    void lanes.run("d1", ["c"], { slotWaitMs: 1000, random });
    await settle();
    expect(transactions.map((transaction) => transaction.ids)).toEqual([["a"]]);
    transactions[0]!.finish();
    await settle();
    await settle();
    expect(transactions.map((transaction) => [transaction.ids, transaction.options])).toEqual([
      [["a"], { slotWaitMs: 1000 }],
      [["b", "c"], { slotWaitMs: 1000, random }],
    ]);
  });

  it("fails every request of a failed transaction, and goes on with the next", async () => {
    const { lanes, transactions } = recordingLanes();
    const one = lanes.run("d1", ["a"], {});
    const two = lanes.run("d1", ["b"], {});
    await settle();
    const three = lanes.run("d1", ["c"], {});
    transactions[0]!.finish(new Error("connection terminated"));
    await expect(one).rejects.toThrow("connection terminated");
    await expect(two).rejects.toThrow("connection terminated");
    await settle();
    transactions[1]!.finish();
    expect(await three).toEqual(new Map([["c", "done c"]]));
  });

  describe("once the running transaction has started its last request", () => {
    it("lets the next transaction start, each caller answered in turn", async () => {
      const { lanes, transactions } = recordingLanes();
      const first = lanes.run("d1", ["a", "b"], {});
      await settle();
      const second = lanes.run("d1", ["c"], {});
      await settle();
      expect(transactions.map((transaction) => transaction.ids)).toEqual([["a", "b"]]);
      transactions[0]!.lastStarted();
      await settle();
      expect(transactions.map((transaction) => transaction.ids)).toEqual([["a", "b"], ["c"]]);
      // The first transaction ends after the one it let past: each caller still gets its own.
      transactions[1]!.finish();
      expect(await second).toEqual(new Map([["c", "done c"]]));
      transactions[0]!.finish();
      expect(await first).toEqual(new Map([["a", "done a"], ["b", "done b"]]));
    });

    it("what arrives after, the transaction let past holds up as usual", async () => {
      const { lanes, transactions } = recordingLanes();
      void lanes.run("d1", ["a"], {});
      await settle();
      transactions[0]!.lastStarted();
      void lanes.run("d1", ["b"], {});
      void lanes.run("d1", ["c"], {});
      await settle();
      // Nothing waited when the first was told: b and c arrive at an open lane and go together.
      expect(transactions.map((transaction) => transaction.ids)).toEqual([["a"], ["b", "c"]]);
      void lanes.run("d1", ["d"], {});
      await settle();
      expect(transactions.map((transaction) => transaction.ids)).toEqual([["a"], ["b", "c"]]);
      transactions[1]!.finish();
      await settle();
      expect(transactions.map((transaction) => transaction.ids)).toEqual([["a"], ["b", "c"], ["d"]]);
    });

    it("told twice, or after its transaction ended, starts nothing more", async () => {
      const { lanes, transactions } = recordingLanes();
      void lanes.run("d1", ["a"], {});
      await settle();
      void lanes.run("d1", ["b"], {});
      void lanes.run("d1", ["c"], {});
      transactions[0]!.finish();
      await settle();
      expect(transactions.map((transaction) => transaction.ids)).toEqual([["a"], ["b", "c"]]);
      void lanes.run("d1", ["d"], {});
      transactions[0]!.lastStarted();
      transactions[0]!.lastStarted();
      await settle();
      expect(transactions.map((transaction) => transaction.ids)).toEqual([["a"], ["b", "c"]]);
    });

    it("at most two transactions open: the third waits for one of them to end, though the second has started its last request", async () => {
      const { lanes, transactions } = recordingLanes();
      void lanes.run("d1", ["a"], {});
      await settle();
      void lanes.run("d1", ["b"], {});
      transactions[0]!.lastStarted();
      await settle();
      void lanes.run("d1", ["c"], {});
      transactions[1]!.lastStarted();
      await settle();
      expect(transactions.map((transaction) => transaction.ids)).toEqual([["a"], ["b"]]);
      // The first transaction ends: c goes, and the lane holds up the next behind it as usual.
      transactions[0]!.finish();
      await settle();
      expect(transactions.map((transaction) => transaction.ids)).toEqual([["a"], ["b"], ["c"]]);
      void lanes.run("d1", ["d"], {});
      transactions[1]!.finish();
      await settle();
      expect(transactions.map((transaction) => transaction.ids)).toEqual([["a"], ["b"], ["c"]]);
      transactions[2]!.finish();
      await settle();
      expect(transactions.map((transaction) => transaction.ids)).toEqual([["a"], ["b"], ["c"], ["d"]]);
      transactions[3]!.finish();
      // All ended: the lane starts afresh.
      await settle();
      const fifth = lanes.run("d1", ["e"], {});
      await settle();
      expect(transactions.map((transaction) => transaction.ids)).toEqual([["a"], ["b"], ["c"], ["d"], ["e"]]);
      transactions[4]!.finish();
      expect(await fifth).toEqual(new Map([["e", "done e"]]));
    });
  });
});
