import { inject } from "vitest";

// Runs in every test worker before the test files.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.NODE_ENV = "test";

// No test may reach the internet: only loopback addresses are allowed.
const realFetch = globalThis.fetch;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  if (!LOOPBACK.test(url.hostname)) {
    throw new Error(`Test tried to reach ${url.origin}; tests may only call simulators on loopback addresses.`);
  }
  return realFetch(input, init);
};
