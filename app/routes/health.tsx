import { json } from "@remix-run/node";
import { checkHealth } from "../services/health.server";

export const loader = async () => {
  const report = await checkHealth();
  return json(report, { status: report.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
};
