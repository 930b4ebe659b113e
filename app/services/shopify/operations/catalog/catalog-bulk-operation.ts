/**
 * Bulk Operation plumbing for large catalogs: start the export, follow it, and find one already running.
 * The export's own query is `BULK_CATALOG_PRODUCTS_QUERY` (app/sync/icml/bulk-query.ts), whose JSONL the ICML
 * reader understands. Expected costs: the mutation 10 points, each poll 1 point, the running-operations lookup 7.
 */

const CATALOG_BULK_OPERATION_FRAGMENT = `
  fragment CatalogBulkOperation on BulkOperation {
    id
    status
    errorCode
    objectCount
    rootObjectCount
    fileSize
    url
    partialDataUrl
    query
  }
`;

export const CATALOG_BULK_RUN_MUTATION = `#graphql
  mutation CatalogBulkRun($query: String!, $groupObjects: Boolean!) {
    bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {
      bulkOperation {
        ...CatalogBulkOperation
      }
      userErrors {
        code
        field
        message
      }
    }
  }
${CATALOG_BULK_OPERATION_FRAGMENT}`;

export const CATALOG_BULK_OPERATION_QUERY = `#graphql
  query CatalogBulkOperation($id: ID!) {
    bulkOperation(id: $id) {
      ...CatalogBulkOperation
    }
  }
${CATALOG_BULK_OPERATION_FRAGMENT}`;

/** Query operations that have not finished yet, newest first (`bulkOperations` replaces `currentBulkOperation`). */
export const CATALOG_RUNNING_BULK_OPERATIONS_QUERY = `#graphql
  query CatalogRunningBulkOperations {
    bulkOperations(first: 5, reverse: true, query: "status:created OR status:running") {
      nodes {
        ...CatalogBulkOperation
      }
    }
  }
${CATALOG_BULK_OPERATION_FRAGMENT}`;

/** `BulkOperationStatus`. */
export type ShopifyBulkOperationStatus = "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";

export interface ShopifyBulkOperation {
  id: string;
  status: ShopifyBulkOperationStatus | (string & {});
  /** `BulkOperationErrorCode`: ACCESS_DENIED | INTERNAL_SERVER_ERROR | TIMEOUT. */
  errorCode: string | null;
  /** UnsignedInt64 values arrive as strings. */
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
  query: string;
}

export interface ShopifyBulkUserError {
  /** `BulkOperationUserErrorCode`: INVALID | LIMIT_REACHED | OPERATION_IN_PROGRESS (null on older shapes). */
  code: string | null;
  field: string[] | null;
  message: string;
}

export interface CatalogBulkRunData {
  bulkOperationRunQuery: { bulkOperation: ShopifyBulkOperation | null; userErrors: ShopifyBulkUserError[] } | null;
}

export interface CatalogBulkOperationData {
  bulkOperation: ShopifyBulkOperation | null;
}

export interface CatalogRunningBulkOperationsData {
  bulkOperations: { nodes: ShopifyBulkOperation[] };
}
