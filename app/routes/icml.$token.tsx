import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { serveCatalogFile } from "../services/catalog/catalog-serving";

// The shop's ICML catalog, public at /icml/<token> for the CRM to load. HEAD is answered by the same loader.
export const loader = ({ request, params }: LoaderFunctionArgs) => serveCatalogFile({ db: getDb() }, request, params.token ?? "");
