import { vitePlugin as remix } from "@remix-run/dev";
import { installGlobals } from "@remix-run/node";
import path from "node:path";
import { defineConfig, type HmrOptions, type Plugin, type UserConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

installGlobals({ nativeFetch: true });

/**
 * The PostgreSQL Prisma client is generated CommonJS outside node_modules, which the server bundle cannot
 * inline. It stays a run-time import, written relative to the server build's folder.
 */
function externalizeGeneratedPrismaClient(): Plugin {
  let outDir = "";
  return {
    name: "externalize-generated-prisma-client",
    enforce: "pre",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    resolveId(source, importer, options) {
      if (!options.ssr || !importer || !source.includes("prisma/generated/")) return null;
      const target = path.resolve(path.dirname(importer), source);
      return { id: path.relative(outDir, target), external: "absolute" };
    },
  };
}

// Older Shopify CLI versions pass the tunnel URL as HOST, which Remix would take as the address to listen on.
if (process.env.HOST && (!process.env.SHOPIFY_APP_URL || process.env.SHOPIFY_APP_URL === process.env.HOST)) {
  process.env.SHOPIFY_APP_URL = process.env.HOST;
  delete process.env.HOST;
}

const host = new URL(process.env.SHOPIFY_APP_URL || "http://localhost").hostname;

// Behind the CLI's tunnel the browser reaches the HMR socket through the tunnel on 443.
const hmr: HmrOptions =
  host === "localhost" || host === "127.0.0.1"
    ? { protocol: "ws", host, port: 64999, clientPort: 64999 }
    : { protocol: "wss", host, port: Number(process.env.FRONTEND_PORT) || 8002, clientPort: 443 };

export default defineConfig({
  server: {
    allowedHosts: [host],
    cors: { preflightContinue: true },
    port: Number(process.env.PORT || 3000),
    hmr,
    fs: { allow: ["app", "node_modules"] },
  },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: false,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
    externalizeGeneratedPrismaClient(),
  ],
  build: { assetsInlineLimit: 0 },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
}) satisfies UserConfig;
