import { GraphQLError } from "graphql";

export type SimSortKey = readonly (string | number)[];

export interface SimConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface SimConnection<Node> {
  edges: { cursor: string; node: Node }[];
  nodes: Node[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const MAX_PAGE_SIZE = 250;

export function compareSortKeys(a: SimSortKey, b: SimSortKey): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const left = a[index];
    const right = b[index];
    if (left === right) continue;
    if (left === undefined) return -1;
    if (right === undefined) return 1;
    if (typeof left === "number" && typeof right === "number") return left - right;
    return String(left).localeCompare(String(right));
  }
  return 0;
}

function encodeCursor(key: SimSortKey): string {
  return Buffer.from(JSON.stringify({ last: key }), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): SimSortKey {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { last?: unknown };
    if (Array.isArray(decoded.last)) return decoded.last as SimSortKey;
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor for the current pagination: ${cursor}`, { extensions: { code: "BAD_REQUEST" } });
}

/**
 * Pages `items` (sorted ascending by `keyOf`) like Shopify: cursors carry the sort key, so pages stay stable
 * while records are added. In bulk mode every item is returned and `first`/`last` are ignored.
 */
export function buildConnection<Item, Node>(
  items: readonly Item[],
  args: SimConnectionArgs,
  options: { bulk: boolean; keyOf: (item: Item) => SimSortKey; toNode: (item: Item) => Node },
): SimConnection<Node> {
  const ordered = args.reverse ? [...items].reverse() : [...items];
  const direction = args.reverse ? -1 : 1;
  if (!options.bulk) checkPageArgs(args);

  let start = 0;
  let end = ordered.length;
  if (args.after) {
    const afterKey = decodeCursor(args.after);
    const index = ordered.findIndex((item) => direction * compareSortKeys(options.keyOf(item), afterKey) > 0);
    start = index < 0 ? ordered.length : index;
  }
  if (args.before) {
    const beforeKey = decodeCursor(args.before);
    const index = ordered.findIndex((item) => direction * compareSortKeys(options.keyOf(item), beforeKey) >= 0);
    end = index < 0 ? ordered.length : index;
  }
  end = Math.max(start, end);
  if (!options.bulk) {
    if (typeof args.first === "number") end = Math.min(end, start + args.first);
    else if (typeof args.last === "number") start = Math.max(start, end - args.last);
  }
  const page = ordered.slice(start, end);
  const edges = page.map((item) => ({ cursor: encodeCursor(options.keyOf(item)), node: options.toNode(item) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: end < ordered.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

function checkPageArgs(args: SimConnectionArgs): void {
  const hasFirst = typeof args.first === "number";
  const hasLast = typeof args.last === "number";
  if (!hasFirst && !hasLast) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const [name, value] of [["first", args.first], ["last", args.last]] as const) {
    if (typeof value !== "number") continue;
    if (value < 0) throw new GraphQLError(`The ${name} argument must be a positive integer.`, { extensions: { code: "BAD_REQUEST" } });
    if (value > MAX_PAGE_SIZE) {
      throw new GraphQLError(`The ${name} argument is limited to ${MAX_PAGE_SIZE}.`, { extensions: { code: "BAD_REQUEST" } });
    }
  }
}
