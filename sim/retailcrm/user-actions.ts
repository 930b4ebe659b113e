import { CrmEntityRejection } from "./api-errors";
import { createCustomer, editCustomer, findCustomer } from "./entities/customers";
import { customerInputSchema, orderInputSchema, parseEntityInput } from "./entities/input-schemas";
import { createOrder, editOrder, findOrder } from "./entities/orders";
import type { CrmSimState, CrmWriter } from "./state";
import type { CrmUserEditTarget } from "./types";

/** Changes made by CRM users go through the same rules as API writes; a rejection throws with the reasons. */
export function applyUserEdit(
  state: CrmSimState,
  kind: "order" | "customer",
  target: CrmUserEditTarget,
  patch: Record<string, unknown>,
  userId: number,
): void {
  const writer: CrmWriter = { source: "user", userId };
  const now = new Date();
  runUserAction(`userEdit(${kind})`, () => {
    if (kind === "order") {
      const order = findUnique(state.orders.values(), target, (lookup) => findOrder(state, lookup), kind);
      editOrder(state, order, parseEntityInput(orderInputSchema, patch, "order"), writer, now);
    } else {
      const customer = findUnique(state.customers.values(), target, (lookup) => findCustomer(state, lookup), kind);
      editCustomer(state, customer, parseEntityInput(customerInputSchema, patch, "customer"), writer, now);
    }
  });
}

export function applyUserCreate(
  state: CrmSimState,
  kind: "order" | "customer",
  site: string,
  data: Record<string, unknown>,
  userId: number,
): number {
  if (!state.sites.has(site)) throw new Error(`userCreate: site "${site}" does not exist.`);
  const writer: CrmWriter = { source: "user", userId };
  const now = new Date();
  return runUserAction(`userCreate(${kind})`, () =>
    kind === "order"
      ? createOrder(state, site, parseEntityInput(orderInputSchema, data, "order"), writer, now).id
      : createCustomer(state, site, parseEntityInput(customerInputSchema, data, "customer"), writer, now).id,
  );
}

function findUnique<T extends { id: number; site: string; externalId?: string }>(
  all: Iterable<T>,
  target: CrmUserEditTarget,
  find: (lookup: CrmUserEditTarget) => T | undefined,
  kind: string,
): T {
  if (target.id === undefined && target.externalId === undefined) throw new Error(`userEdit: pass the ${kind}'s id or externalId.`);
  if (target.id === undefined && target.site === undefined) {
    const matches = [...all].filter((entity) => entity.externalId === target.externalId);
    if (matches.length > 1) {
      throw new Error(`userEdit: externalId ${target.externalId} exists in several sites; pass site as well.`);
    }
  }
  const entity = find(target);
  if (!entity) throw new Error(`userEdit: no ${kind} matches ${JSON.stringify(target)}.`);
  return entity;
}

function runUserAction<T>(label: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof CrmEntityRejection) throw new Error(`${label} was rejected by the CRM rules: ${error.message}`);
    throw error;
  }
}
