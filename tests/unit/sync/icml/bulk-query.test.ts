import { Kind, parse, type FieldNode, type SelectionSetNode } from "graphql";
import { describe, expect, it } from "vitest";
import { BULK_CATALOG_GROUP_OBJECTS, BULK_CATALOG_PRODUCTS_QUERY } from "../../../../app/sync/icml/bulk-query";

interface ConnectionUse {
  path: string;
  depth: number;
}

function findConnections(selectionSet: SelectionSetNode | undefined, path: string[], depth: number): ConnectionUse[] {
  if (!selectionSet) return [];
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.INLINE_FRAGMENT) return findConnections(selection.selectionSet, path, depth);
    if (selection.kind !== Kind.FIELD) return [];
    const field: FieldNode = selection;
    const isConnection = field.selectionSet?.selections.some(
      (child) => child.kind === Kind.FIELD && (child.name.value === "edges" || child.name.value === "nodes"),
    );
    const here = [...path, field.name.value];
    const childDepth = isConnection ? depth + 1 : depth;
    const own = isConnection ? [{ path: here.filter((name) => name !== "edges" && name !== "node").join("."), depth: childDepth }] : [];
    return [...own, ...findConnections(field.selectionSet, here, childDepth)];
  });
}

describe("BULK_CATALOG_PRODUCTS_QUERY", () => {
  it("stays within the Bulk Operation limits: at most 5 connections, nested at most 2 deep", () => {
    // GIVEN the catalog bulk query
    const document = parse(BULK_CATALOG_PRODUCTS_QUERY);
    const [operation] = document.definitions;
    // WHEN its connections are listed
    const connections = operation?.kind === Kind.OPERATION_DEFINITION ? findConnections(operation.selectionSet, [], 0) : [];
    // THEN it asks for products with variants, collections and media, within the limits
    expect(connections).toEqual([
      { path: "products", depth: 1 },
      { path: "products.collections", depth: 2 },
      { path: "products.media", depth: 2 },
      { path: "products.variants", depth: 2 },
    ]);
    expect(connections.length).toBeLessThanOrEqual(5);
    expect(Math.max(...connections.map((connection) => connection.depth))).toBeLessThanOrEqual(2);
  });

  it("is run with grouped output, which the reader depends on", () => {
    // GIVEN the run option exported next to the query
    // WHEN it is read
    // THEN grouping is on
    expect(BULK_CATALOG_GROUP_OBJECTS).toBe(true);
  });
});
