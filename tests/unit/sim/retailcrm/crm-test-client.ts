import { createCrmSimulator, type CrmSimOptions, type CrmSimulator } from "../../../../sim/retailcrm/index";

export interface CrmTestResponse {
  status: number;
  body: Record<string, unknown>;
}

export interface CrmTestClient {
  sim: CrmSimulator;
  url: string;
  get(path: string, query?: Array<[string, string]> | Record<string, string>, apiKey?: string): Promise<CrmTestResponse>;
  /** Form POST; object values are JSON-encoded, as the real clients send entity fields. */
  post(path: string, fields: Record<string, unknown>, apiKey?: string): Promise<CrmTestResponse>;
  close(): Promise<void>;
}

/** A simulator on a free port with rate limiting off unless the test asks for it. */
export async function startCrmTestClient(options: CrmSimOptions = {}, defaultKey = "test-key"): Promise<CrmTestClient> {
  const sim = createCrmSimulator({ rateLimitPerSecond: 0, ...options });
  const url = await sim.listen();
  sim.addApiKey({ key: defaultKey, sites: ["shop-1"] });
  return {
    sim,
    url,
    async get(path, query = [], apiKey = defaultKey) {
      const search = new URLSearchParams(Array.isArray(query) ? query : Object.entries(query));
      const response = await fetch(`${url}${path}?${search}`, { headers: { "X-API-KEY": apiKey } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async post(path, fields, apiKey = defaultKey) {
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) {
        form.set(name, typeof value === "string" ? value : JSON.stringify(value));
      }
      const response = await fetch(`${url}${path}`, {
        method: "POST",
        headers: { "X-API-KEY": apiKey, "content-type": "application/x-www-form-urlencoded" },
        body: form,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    close: () => sim.close(),
  };
}
