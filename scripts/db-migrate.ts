import { getConfig } from "../app/config.server";
import { migrateDatabase } from "./lib/database";

await migrateDatabase(getConfig().databaseUrl);
