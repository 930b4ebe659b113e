import { afterEach, describe, expect, it } from "vitest";
import type { ShopifySimulator, SimShop } from "../../../../sim/shopify/index";
import { postGraphql, startSim } from "./sim-test-kit";

const started: ShopifySimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

const RUN = `mutation Run($query: String!) {
  bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { code field message } }
}`;
const POLL = `query Poll($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount url partialDataUrl } }`;
const CATALOG = `{ products { edges { node { id title variants { edges { node { id sku } } } } } } }`;

interface BulkView {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string;
  rootObjectCount: string;
  url: string | null;
  partialDataUrl: string | null;
}

async function setUp(domain: string) {
  const sim = await startSim({ bulk: { stepMs: 5 } });
  started.push(sim);
  const shop = sim.addShop(domain);
  shop.createProduct({
    title: "Tee",
    options: [{ name: "Size", values: ["S", "M"] }],
    variants: [
      { optionValues: ["S"], sku: "TEE-S", price: "10.00" },
      { optionValues: ["M"], sku: "TEE-M", price: "10.00" },
    ],
  });
  shop.createProduct({ title: "Mug", variants: [{ sku: "MUG", price: "5.00" }] });
  return { sim, shop };
}

async function run(sim: ShopifySimulator, shop: SimShop, query: string) {
  const reply = await postGraphql(sim, shop.domain, shop.accessToken, RUN, { query });
  return reply.json.data?.bulkOperationRunQuery as { bulkOperation: { id: string; status: string } | null; userErrors: { code: string }[] };
}

async function waitForEnd(sim: ShopifySimulator, shop: SimShop, id: string): Promise<BulkView> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const reply = await postGraphql(sim, shop.domain, shop.accessToken, POLL, { id });
    const operation = reply.json.data?.bulkOperation as BulkView;
    if (operation.status !== "CREATED" && operation.status !== "RUNNING") return operation;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("bulk operation did not finish");
}

describe("bulkOperationRunQuery in the Shopify simulator", () => {
  it("runs the query over the store and serves JSONL with children after their parent", async () => {
    // GIVEN
    const { sim, shop } = await setUp("bulk-ok.myshopify.com");
    // WHEN
    const started = await run(sim, shop, CATALOG);
    const finished = await waitForEnd(sim, shop, started.bulkOperation?.id ?? "");
    const lines = (await (await fetch(finished.url ?? "")).text()).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    // THEN
    expect(started).toMatchObject({ bulkOperation: { status: "CREATED" }, userErrors: [] });
    expect(finished).toMatchObject({ status: "COMPLETED", errorCode: null, objectCount: "5", rootObjectCount: "2" });
    const [tee, teeS, teeM, mug, mugDefault] = lines;
    expect(tee).toEqual({ id: expect.stringMatching(/^gid:\/\/shopify\/Product\/\d+$/), title: "Tee" });
    expect(teeS).toEqual({ id: expect.stringContaining("ProductVariant"), sku: "TEE-S", __parentId: tee?.id });
    expect(teeM).toMatchObject({ sku: "TEE-M", __parentId: tee?.id });
    expect(mug).toMatchObject({ title: "Mug" });
    expect(mugDefault).toMatchObject({ sku: "MUG", __parentId: mug?.id });
    expect(sim.webhooks.events.at(-1)).toMatchObject({ topic: "bulk_operations/finish", payload: { status: "completed", type: "query" } });
  });

  it("refuses a second query while one runs with OPERATION_IN_PROGRESS", async () => {
    const { sim, shop } = await setUp("bulk-busy.myshopify.com");
    shop.bulk.hold();
    const first = await run(sim, shop, CATALOG);
    const second = await run(sim, shop, CATALOG);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const runningList = await postGraphql(sim, shop.domain, shop.accessToken, `{ bulkOperations(first: 5, query: "status:running") { nodes { id } } }`);
    expect(second).toMatchObject({ bulkOperation: null, userErrors: [{ code: "OPERATION_IN_PROGRESS" }] });
    expect(runningList.json.data).toEqual({ bulkOperations: { nodes: [{ id: first.bulkOperation?.id }] } });
    shop.bulk.release();
    expect((await waitForEnd(sim, shop, first.bulkOperation?.id ?? "")).status).toBe("COMPLETED");
    expect((await run(sim, shop, CATALOG)).userErrors).toEqual([]);
  });

  it("fails on request with an error code and a partial data file", async () => {
    const { sim, shop } = await setUp("bulk-fail.myshopify.com");
    shop.bulk.failNext({ errorCode: "TIMEOUT" });
    const started = await run(sim, shop, CATALOG);
    const finished = await waitForEnd(sim, shop, started.bulkOperation?.id ?? "");
    expect(finished).toMatchObject({ status: "FAILED", errorCode: "TIMEOUT", url: null });
    const partial = (await (await fetch(finished.partialDataUrl ?? "")).text()).trim().split("\n");
    expect(partial).toHaveLength(3);
  });

  it("answers INVALID to a query without a connection or with a nested connection whose parent lacks id", async () => {
    const { sim, shop } = await setUp("bulk-invalid.myshopify.com");
    const noConnection = await run(sim, shop, `{ shop { name } }`);
    const noParentId = await run(sim, shop, `{ products { edges { node { title variants { edges { node { sku } } } } } } }`);
    expect(noConnection.userErrors).toEqual([expect.objectContaining({ code: "INVALID" })]);
    expect(noParentId.userErrors).toEqual([expect.objectContaining({ code: "INVALID", message: expect.stringContaining("'id'") })]);
  });
});
