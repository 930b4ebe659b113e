/**
 * Query cost in the spirit of Shopify's calculator: scalars and enums 0, objects 1, connections
 * 2 + page size × the cost of one item, each mutation field 10. Requested cost uses `first`/`last`;
 * actual cost uses the number of items returned.
 */
import {
  getNamedType,
  GraphQLInt,
  isCompositeType,
  isObjectType,
  Kind,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MUTATION_FIELD_COST = 10;
export const MAX_SINGLE_QUERY_COST = 1000;

interface CostWalk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function computeQueryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: readonly FragmentDefinitionNode[],
  variables: Record<string, unknown>,
  data?: unknown,
): number {
  const walk: CostWalk = { schema, fragments: new Map(fragments.map((fragment) => [fragment.name.value, fragment])), variables };
  if (operation.operation === "mutation") {
    return collectFields(walk, operation.selectionSet).filter(({ field }) => !field.name.value.startsWith("__")).length * MUTATION_FIELD_COST;
  }
  const root = schema.getQueryType();
  return root ? costOfSelection(walk, operation.selectionSet, root, data) : 0;
}

function collectFields(walk: CostWalk, selectionSet: SelectionSetNode, seen = new Set<string>()): { field: FieldNode; typeName?: string }[] {
  const result: { field: FieldNode; typeName?: string }[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      result.push({ field: selection });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typeName = selection.typeCondition?.name.value;
      result.push(...collectFields(walk, selection.selectionSet, seen).map((entry) => ({ ...entry, typeName: entry.typeName ?? typeName })));
    } else {
      const fragment = walk.fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) continue;
      seen.add(fragment.name.value);
      const typeName = fragment.typeCondition.name.value;
      result.push(...collectFields(walk, fragment.selectionSet, seen).map((entry) => ({ ...entry, typeName: entry.typeName ?? typeName })));
    }
  }
  return result;
}

function fieldOwner(walk: CostWalk, parent: GraphQLCompositeType, typeName: string | undefined): GraphQLCompositeType {
  const named = typeName ? walk.schema.getType(typeName) : undefined;
  return named && isCompositeType(named) ? named : parent;
}

function costOfSelection(walk: CostWalk, selectionSet: SelectionSetNode, parent: GraphQLCompositeType, data: unknown): number {
  let total = 0;
  for (const { field, typeName } of collectFields(walk, selectionSet)) {
    const owner = fieldOwner(walk, parent, typeName);
    if (!isObjectType(owner) && !("getFields" in owner)) continue;
    const definition = "getFields" in owner ? owner.getFields()[field.name.value] : undefined;
    if (!definition || !field.selectionSet) continue;
    const type = getNamedType(definition.type);
    if (!isCompositeType(type)) continue;
    const responseKey = field.alias?.value ?? field.name.value;
    const value = data === undefined ? undefined : (data as Record<string, unknown> | null)?.[responseKey];
    if (data !== undefined && (value === null || value === undefined)) continue;
    total += type.name.endsWith("Connection")
      ? costOfConnection(walk, field, type, value)
      : costOfObjects(walk, field.selectionSet, type, value);
  }
  return total;
}

function costOfObjects(walk: CostWalk, selectionSet: SelectionSetNode, type: GraphQLCompositeType, value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + 1 + costOfSelection(walk, selectionSet, type, item), 0);
  return 1 + costOfSelection(walk, selectionSet, type, value);
}

function costOfConnection(walk: CostWalk, field: FieldNode, type: GraphQLCompositeType, value: unknown): number {
  const connection = value as Record<string, unknown> | undefined;
  let requestedPerItem = 0;
  let actual = 0;
  for (const { field: child } of collectFields(walk, field.selectionSet as SelectionSetNode)) {
    if (!child.selectionSet || (child.name.value !== "edges" && child.name.value !== "nodes")) continue;
    const childType = "getFields" in type ? getNamedType(type.getFields()[child.name.value]?.type) : undefined;
    if (!childType || !isCompositeType(childType)) continue;
    const nodeCost = child.name.value === "nodes" ? 1 : 0;
    const selection = child.selectionSet;
    if (connection) {
      const items = connection[child.alias?.value ?? child.name.value];
      if (!Array.isArray(items)) continue;
      actual += items.reduce<number>((sum, item) => sum + nodeCost + costOfSelection(walk, selection, childType, item), 0);
    } else {
      requestedPerItem += nodeCost + costOfSelection(walk, selection, childType, undefined);
    }
  }
  if (connection) return 2 + actual;
  return 2 + pageSizeOf(walk, field) * Math.max(1, requestedPerItem);
}

function pageSizeOf(walk: CostWalk, field: FieldNode): number {
  for (const name of ["first", "last"]) {
    const argument = field.arguments?.find((arg) => arg.name.value === name);
    if (!argument) continue;
    const value = valueFromAST(argument.value, GraphQLInt, walk.variables);
    if (typeof value === "number") return value;
  }
  return 1;
}
