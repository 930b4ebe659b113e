import { getConfig } from "./config.server";
import { createLogger, type Logger } from "./services/logger";

let logger: Logger | undefined;

/** The web process's logger. */
export function getAppLogger(): Logger {
  logger ??= createLogger(getConfig().logLevel, { component: "web" });
  return logger;
}
