export type CrmErrorDetails = Record<string, string> | string[];

/** An error the simulated API answers with `{success:false, errorMsg, errors?}`. */
export class CrmApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorMsg: string,
    readonly errors?: CrmErrorDetails,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(errorMsg);
    this.name = "CrmApiError";
  }
}

export const CRM_MESSAGES = {
  apiKeyMissing: '"apiKey" is missing.',
  wrongApiKey: 'Wrong "apiKey" value.',
  accessDenied: "Access denied.",
  notFound: "Not found",
  paymentNotFound: "Payment not found",
  methodNotFound: "API method not found",
  methodNotAllowed: "Method Not Allowed",
  rateLimited: "Rate limit exceeded",
  entityFormat: "Errors in the entity format",
  inputParameters: "Errors in the input parameters",
  orderNotLoaded: "Order is not loaded",
  orderExists: "Order already exists.",
  customerExists: "Customer already exists.",
  ordersUploadedWithErrors: "Orders are loaded with errors",
  customersUploadedWithErrors: "Customers are loaded with errors",
} as const;

export function createParameterMissingError(name: string): CrmApiError {
  return new CrmApiError(400, `Parameter '${name}' is missing`);
}

export function createInputError(errors: Record<string, string>): CrmApiError {
  return new CrmApiError(400, CRM_MESSAGES.inputParameters, errors);
}

export function createAccessDeniedError(): CrmApiError {
  return new CrmApiError(403, CRM_MESSAGES.accessDenied);
}

export function createNotFoundError(message: string = CRM_MESSAGES.notFound): CrmApiError {
  return new CrmApiError(404, message);
}

export function renderErrorBody(error: CrmApiError): Record<string, unknown> {
  const body: Record<string, unknown> = { success: false, errorMsg: error.errorMsg };
  if (error.errors && Object.keys(error.errors).length > 0) body.errors = error.errors;
  return { ...body, ...error.extra };
}

/**
 * A rule violation found while validating one entity. Handlers turn it into the
 * endpoint's own envelope (e.g. `Order is not loaded` on create, one line of the
 * `errors` list on upload).
 */
export class CrmEntityRejection extends Error {
  constructor(
    readonly kind: "format" | "invalid" | "duplicate",
    readonly errors: Record<string, string>,
  ) {
    super(Object.entries(errors).map(([field, message]) => `${field}: ${message}`).join("; "));
    this.name = "CrmEntityRejection";
  }
}
