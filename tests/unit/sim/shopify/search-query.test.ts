import { describe, expect, it } from "vitest";
import { filterBySearch, type SimSearchSchema } from "../../../../sim/shopify/graphql/search-query";

interface Row {
  id: number;
  email: string | null;
  tags: string[];
  updatedAt: number;
}

const schema: SimSearchSchema<Row> = {
  fields: {
    id: { kind: "id", get: (row) => row.id },
    email: { kind: "string", get: (row) => row.email },
    tag: { kind: "tags", get: (row) => row.tags },
    updated_at: { kind: "date", get: (row) => row.updatedAt },
  },
  text: (row) => [row.email, ...row.tags],
};

const rows: Row[] = [
  { id: 1, email: "anna@example.ru", tags: ["VIP"], updatedAt: Date.parse("2026-11-01T08:00:00Z") },
  { id: 2, email: "boris@example.com", tags: ["опт", "VIP"], updatedAt: Date.parse("2026-11-02T08:00:00Z") },
  { id: 3, email: null, tags: [], updatedAt: Date.parse("2026-11-03T08:00:00Z") },
];

const ids = (query: string) => filterBySearch(rows, query, schema).items.map((row) => row.id);

describe(filterBySearch.name, () => {
  it("matches fields, comparisons on dates and ids, quoted values, prefixes and presence", () => {
    expect(ids("tag:vip")).toEqual([1, 2]);
    expect(ids("updated_at:>'2026-11-01T12:00:00Z'")).toEqual([2, 3]);
    expect(ids("updated_at:2026-11-02")).toEqual([2]);
    expect(ids("id:>=2")).toEqual([2, 3]);
    expect(ids('email:"anna@example.ru"')).toEqual([1]);
    expect(ids("email:bor*")).toEqual([2]);
    expect(ids("email:*")).toEqual([1, 2]);
    expect(ids("id:gid://shopify/Customer/3")).toEqual([3]);
  });

  it("combines terms with AND, OR and negation, and matches free text", () => {
    expect(ids("tag:vip -tag:опт")).toEqual([1]);
    expect(ids("tag:vip AND NOT email:anna@example.ru")).toEqual([2]);
    expect(ids("email:anna@example.ru OR id:3")).toEqual([1, 3]);
    expect(ids("example.com")).toEqual([2]);
  });

  it("ignores an unknown field with a warning, as Shopify does", () => {
    const result = filterBySearch(rows, "colour:red tag:vip", schema);
    expect(result.items.map((row) => row.id)).toEqual([1, 2]);
    expect(result.warnings).toEqual([{ field: "colour", message: "Invalid search field for this query." }]);
  });
});
