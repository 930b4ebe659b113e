import { gunzipSync } from "node:zlib";
import { formatCrmDateTime } from "../dates";
import type { CrmSimState } from "../state";
import { applyCatalog } from "./catalog-store";
import type { CrmCatalogLoad } from "./catalog-types";
import { parseIcml } from "./icml-parser";

const FETCH_TIMEOUT_MS = 30_000;

/**
 * Does what the CRM does when it picks up a site's ICML: GET `ymlUrl` (gzip
 * accepted), validate, and import. A failed load is recorded with its reason and
 * leaves the previous catalog in place.
 */
export async function loadSiteCatalog(state: CrmSimState, siteCode: string): Promise<CrmCatalogLoad> {
  const site = state.sites.get(siteCode);
  if (!site) throw new Error(`loadCatalog: site "${siteCode}" does not exist. Add it with addSite() first.`);
  const startedAt = new Date();
  const url = site.ymlUrl ?? null;
  site.catalogLoadingAt = formatCrmDateTime(startedAt);

  const finish = (result: Pick<CrmCatalogLoad, "ok" | "error" | "problems" | "counts">): CrmCatalogLoad => {
    const load: CrmCatalogLoad = {
      site: siteCode,
      url,
      startedAt: formatCrmDateTime(startedAt),
      finishedAt: formatCrmDateTime(new Date()),
      ...result,
    };
    state.catalogLoads.push(load);
    return structuredClone(load);
  };

  if (!url) return finish({ ok: false, error: "The site has no ymlUrl: set it with reference/sites/{code}/edit.", problems: [] });

  let xml: string;
  try {
    xml = await fetchCatalogText(url);
  } catch (error) {
    return finish({ ok: false, error: `Could not download the catalog: ${(error as Error).message}`, problems: [] });
  }

  const parsed = parseIcml(xml);
  if (!parsed.ok) {
    return finish({ ok: false, error: `The catalog file is invalid: ${parsed.problems[0]}`, problems: parsed.problems });
  }
  const catalog = applyCatalog(state, siteCode, parsed.catalog, url, new Date());
  site.catalogUpdatedAt = catalog.loadedAt;
  return finish({
    ok: true,
    problems: [],
    counts: {
      categories: parsed.catalog.categories.length,
      products: new Set(parsed.catalog.offers.map((offer) => offer.productExternalId)).size,
      offers: parsed.catalog.offers.length,
    },
  });
}

async function fetchCatalogText(url: string): Promise<string> {
  const response = await fetch(url, {
    headers: { "accept-encoding": "gzip", accept: "application/xml, text/xml, */*" },
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  if (response.status !== 200) throw new Error(`GET ${url} answered HTTP ${response.status}.`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const isGzipFile = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (isGzipFile ? gunzipSync(bytes) : bytes).toString("utf8");
}
