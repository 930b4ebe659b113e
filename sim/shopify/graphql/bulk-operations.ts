import { randomUUID } from "node:crypto";
import {
  getNamedType,
  isCompositeType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { checkAdminDocument, loadAdminSchema } from "../schema";
import type { SimShopContext, SimUserError } from "../store/shop-state";
import type { SimBulkErrorCode, SimBulkOperation } from "../store/types";
import { buildBulkFinishPayload } from "../webhooks/payloads";
import type { SimBulkRunner, SimGraphqlContext } from "./context";
import { executeAdminOperation, isNotImplementedError } from "./execute";

export interface SimBulkFailure {
  errorCode?: SimBulkErrorCode;
  /** Keep the first half of the lines at `partialDataUrl`. Default true. */
  partialData?: boolean;
}

export interface SimBulkControls {
  /** The next bulk operation of this shop fails. */
  failNext(failure?: SimBulkFailure): void;
  /** Keep operations RUNNING until `release()`. */
  hold(): void;
  release(): void;
}

interface ShopBulkKnobs {
  failNext: SimBulkFailure | null;
  held: boolean;
  waiting: (() => void)[];
}

const MAX_CONNECTIONS = 5;
const MAX_CONNECTION_DEPTH = 2;

export type SimBulkService = ReturnType<typeof createBulkService>;

export function createBulkService(config: {
  stepMs: number;
  maxConcurrent: number;
  baseUrl: () => string;
  apiKey: string;
  onViolation: (kind: "invalid-document" | "deprecated-usage" | "not-implemented", message: string, details: string[]) => void;
}) {
  const files = new Map<string, string>();
  const knobs = new Map<string, ShopBulkKnobs>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  let closed = false;

  function knobsOf(domain: string): ShopBulkKnobs {
    let entry = knobs.get(domain);
    if (!entry) {
      entry = { failNext: null, held: false, waiting: [] };
      knobs.set(domain, entry);
    }
    return entry;
  }

  function later(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });
  }

  async function run(shop: SimShopContext, operation: SimBulkOperation, document: DocumentNode): Promise<void> {
    await later(config.stepMs);
    if (closed) return;
    operation.status = "RUNNING";
    await later(config.stepMs);
    const shopKnobs = knobsOf(shop.state.domain);
    if (shopKnobs.held) await new Promise<void>((resolve) => shopKnobs.waiting.push(resolve));
    if (closed) return;

    const ctx: SimGraphqlContext = {
      shop,
      bulk: true,
      baseUrl: config.baseUrl(),
      apiKey: config.apiKey,
      bulkRunner: runner,
      searchWarnings: [],
    };
    const definition = document.definitions.find((item) => item.kind === Kind.OPERATION_DEFINITION);
    const result = definition ? await executeAdminOperation(ctx, document, definition, {}) : { errors: [] };
    const failure = shopKnobs.failNext;
    shopKnobs.failNext = null;
    const notImplemented = (result.errors ?? []).filter(isNotImplementedError);
    if (notImplemented.length > 0) {
      config.onViolation("not-implemented", "A bulk query used a field the simulator does not implement", notImplemented.map((e) => e.message));
    }
    const flattened = result.data ? flattenBulkData(loadAdminSchema().schema, document, result.data) : { lines: [], rootCount: 0 };
    operation.completedAt = shop.stamp();
    operation.objectCount = flattened.lines.length;
    operation.rootObjectCount = flattened.rootCount;
    if (failure || (result.errors ?? []).length > 0) {
      operation.status = "FAILED";
      operation.errorCode = failure?.errorCode ?? "INTERNAL_SERVER_ERROR";
      if (failure?.partialData !== false && flattened.lines.length > 0) {
        operation.partialResultPath = storeFile(flattened.lines.slice(0, Math.ceil(flattened.lines.length / 2)));
      }
    } else {
      operation.status = "COMPLETED";
      operation.resultPath = flattened.lines.length > 0 ? storeFile(flattened.lines) : null;
      operation.fileSize = flattened.lines.length > 0 ? Buffer.byteLength(files.get(operation.resultPath ?? "") ?? "") : null;
    }
    shop.emit("bulk_operations/finish", buildBulkFinishPayload(shop.state, operation));
  }

  function storeFile(lines: string[]): string {
    const path = `/bulk-results/${randomUUID()}.jsonl`;
    files.set(path, lines.map((line) => `${line}\n`).join(""));
    return path;
  }

  const runner: SimBulkRunner = {
    start(shop, query, groupObjects) {
      const problems = checkBulkQuery(query, config.onViolation);
      if (problems.length > 0) return { ok: false, userErrors: problems };
      const running = [...shop.state.bulkOperations.values()].filter((op) => op.status === "CREATED" || op.status === "RUNNING");
      if (running.length >= config.maxConcurrent) {
        const current = running[0];
        return {
          ok: false,
          userErrors: [
            {
              code: "OPERATION_IN_PROGRESS",
              field: null,
              message: `A bulk query operation for this app and shop is already in progress: gid://shopify/BulkOperation/${current?.id}.`,
            },
          ],
        };
      }
      const check = checkAdminDocument(query);
      const document = check.ok ? check.document : check.parsed?.document;
      if (!document) return { ok: false, userErrors: [{ code: "INVALID", field: ["query"], message: "Invalid bulk query" }] };
      const operation: SimBulkOperation = {
        id: shop.nextId(),
        query,
        groupObjects,
        status: "CREATED",
        errorCode: null,
        createdAt: shop.stamp(),
        completedAt: null,
        objectCount: 0,
        rootObjectCount: 0,
        fileSize: null,
        resultPath: null,
        partialResultPath: null,
      };
      shop.state.bulkOperations.set(operation.id, operation);
      void run(shop, operation, document);
      return { ok: true, operation };
    },
  };

  return {
    runner,
    readFile(path: string): string | undefined {
      return files.get(path);
    },
    controls(domain: string): SimBulkControls {
      return {
        failNext(failure: SimBulkFailure = {}) {
          knobsOf(domain).failNext = failure;
        },
        hold() {
          knobsOf(domain).held = true;
        },
        release() {
          const entry = knobsOf(domain);
          entry.held = false;
          for (const resume of entry.waiting.splice(0)) resume();
        },
      };
    },
    close(): void {
      closed = true;
      for (const [timer, wake] of timers) {
        clearTimeout(timer);
        wake();
      }
      timers.clear();
      for (const entry of knobs.values()) for (const resume of entry.waiting.splice(0)) resume();
    },
  };
}

function checkBulkQuery(
  query: string,
  onViolation: (kind: "invalid-document" | "deprecated-usage", message: string, details: string[]) => void,
): SimUserError[] {
  const check = checkAdminDocument(query);
  const invalid = (message: string): SimUserError[] => [{ code: "INVALID", field: ["query"], message }];
  if (!check.ok) {
    if (check.errors.length > 0) {
      onViolation("invalid-document", "bulkOperationRunQuery received an invalid query", check.errors.map((e) => e.message));
      return invalid(`Invalid bulk query: ${check.errors.map((e) => e.message).join("; ")}`);
    }
    onViolation("deprecated-usage", "bulkOperationRunQuery received a query using deprecated fields", check.deprecations.map((e) => e.message));
  }
  const document = check.ok ? check.document : check.parsed?.document;
  const operation = check.ok ? check.operation : check.parsed?.operation;
  if (!document || !operation) return invalid("Invalid bulk query");
  if (operation.operation !== "query") return invalid("Bulk queries must be query operations; use bulkOperationRunMutation for mutations.");
  const schema = loadAdminSchema().schema;
  const root = schema.getQueryType();
  if (!root) return invalid("Invalid bulk query");
  const stats = { connections: 0, maxDepth: 0, missingParentId: false };
  walkConnections(schema, fragmentsOf(document), operation.selectionSet, root, 0, false, stats);
  if (stats.connections === 0) return invalid("Bulk queries must contain at least one connection.");
  if (stats.connections > MAX_CONNECTIONS) return invalid(`Bulk queries cannot contain more than ${MAX_CONNECTIONS} connections.`);
  if (stats.maxDepth > MAX_CONNECTION_DEPTH) return invalid(`Bulk queries cannot contain connections nested more than ${MAX_CONNECTION_DEPTH} levels deep.`);
  if (stats.missingParentId) return invalid("The parent 'node' field for a nested connection must select the 'id' field.");
  return [];
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
}

interface CollectedField {
  node: FieldNode;
  definition: GraphQLField<unknown, unknown>;
}

function collectFields(
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
  into = new Map<string, CollectedField>(),
): Map<string, CollectedField> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const definition = "getFields" in parent ? parent.getFields()[selection.name.value] : undefined;
      if (definition && !into.has(key)) into.set(key, { node: selection, definition });
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
    if (!fragment) continue;
    const conditionName = fragment.typeCondition?.name.value;
    const conditionType = conditionName ? schema.getType(conditionName) : parent;
    collectFields(schema, fragments, fragment.selectionSet, conditionType && isCompositeType(conditionType) ? conditionType : parent, into);
  }
  return into;
}

function isConnection(field: CollectedField): boolean {
  return getNamedType(field.definition.type).name.endsWith("Connection");
}

/** The node selection of a connection field: `edges { node { … } }` or `nodes { … }`. */
function nodeSelectionOf(
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  field: CollectedField,
): { key: "edges" | "nodes"; responseKey: string; selectionSet: SelectionSetNode; type: GraphQLCompositeType; nodeKey?: string } | null {
  const connectionType = getNamedType(field.definition.type);
  if (!field.node.selectionSet || !isCompositeType(connectionType)) return null;
  for (const [responseKey, child] of collectFields(schema, fragments, field.node.selectionSet, connectionType)) {
    const childType = getNamedType(child.definition.type);
    if (!child.node.selectionSet || !isCompositeType(childType)) continue;
    if (child.node.name.value === "nodes") return { key: "nodes", responseKey, selectionSet: child.node.selectionSet, type: childType };
    if (child.node.name.value === "edges") {
      for (const [nodeKey, edgeChild] of collectFields(schema, fragments, child.node.selectionSet, childType)) {
        const nodeType = getNamedType(edgeChild.definition.type);
        if (edgeChild.node.name.value === "node" && edgeChild.node.selectionSet && isCompositeType(nodeType)) {
          return { key: "edges", responseKey, selectionSet: edgeChild.node.selectionSet, type: nodeType, nodeKey };
        }
      }
    }
  }
  return null;
}

function walkConnections(
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
  depth: number,
  parentHasId: boolean,
  stats: { connections: number; maxDepth: number; missingParentId: boolean },
): void {
  for (const field of collectFields(schema, fragments, selectionSet, parent).values()) {
    const type = getNamedType(field.definition.type);
    if (!field.node.selectionSet || !isCompositeType(type)) continue;
    if (isConnection(field)) {
      stats.connections += 1;
      stats.maxDepth = Math.max(stats.maxDepth, depth + 1);
      if (depth > 0 && !parentHasId) stats.missingParentId = true;
      const nodes = nodeSelectionOf(schema, fragments, field);
      if (!nodes) continue;
      const selectsId = [...collectFields(schema, fragments, nodes.selectionSet, nodes.type).values()].some((child) => child.node.name.value === "id");
      walkConnections(schema, fragments, nodes.selectionSet, nodes.type, depth + 1, selectsId, stats);
    } else {
      walkConnections(schema, fragments, field.node.selectionSet, type, depth, parentHasId, stats);
    }
  }
}

/**
 * Turns a bulk query result into JSONL lines: each connection node is its own line, nested connection
 * nodes follow their parent with `__parentId`; other nested objects stay inline.
 */
export function flattenBulkData(schema: GraphQLSchema, document: DocumentNode, data: Record<string, unknown>): { lines: string[]; rootCount: number } {
  const fragments = fragmentsOf(document);
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const root = schema.getQueryType();
  const lines: string[] = [];
  let rootCount = 0;
  if (!operation || !root) return { lines, rootCount };

  const emitNodes = (connectionValue: unknown, field: CollectedField, parentId: string | null) => {
    const selection = nodeSelectionOf(schema, fragments, field);
    if (!selection || !connectionValue || typeof connectionValue !== "object") return;
    const container = (connectionValue as Record<string, unknown>)[selection.responseKey];
    if (!Array.isArray(container)) return;
    for (const entry of container) {
      const node = selection.key === "edges" ? (entry as Record<string, unknown> | null)?.[selection.nodeKey ?? "node"] : entry;
      if (!node || typeof node !== "object") continue;
      if (parentId === null) rootCount += 1;
      emitObject(node as Record<string, unknown>, selection.selectionSet, selection.type, parentId);
    }
  };

  const emitObject = (node: Record<string, unknown>, selectionSet: SelectionSetNode, type: GraphQLCompositeType, parentId: string | null) => {
    const line: Record<string, unknown> = {};
    const nested: { value: unknown; field: CollectedField }[] = [];
    for (const [key, field] of collectFields(schema, fragments, selectionSet, type)) {
      if (isConnection(field)) nested.push({ value: node[key], field });
      else if (key in node) line[key] = node[key];
    }
    if (parentId !== null) line.__parentId = parentId;
    lines.push(JSON.stringify(line));
    const id = typeof node.id === "string" ? node.id : null;
    for (const child of nested) emitNodes(child.value, child.field, id);
  };

  for (const [key, field] of collectFields(schema, fragments, operation.selectionSet, root)) {
    if (isConnection(field)) emitNodes(data[key], field, null);
    else if (data[key] && typeof data[key] === "object") lines.push(JSON.stringify(data[key]));
  }
  return { lines, rootCount };
}
