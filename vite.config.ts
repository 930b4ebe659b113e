import { vitePlugin as remix } from "@remix-run/dev";
import { installGlobals } from "@remix-run/node";
import { createRequire } from "node:module";
import path from "node:path";
import { defineConfig, type HmrOptions, type Plugin, type UserConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

installGlobals({ nativeFetch: true });

const DEV_COMMONJS_PREFIX = "\0commonjs-in-place:";

/**
 * The PostgreSQL Prisma client is generated CommonJS outside node_modules, which neither the server bundle nor
 * the dev server's module runner can load as ESM. A build refers to it from build/server/ at run time; the dev
 * server gets a small ESM module that require()s it in place.
 */
function loadGeneratedPrismaClientAsCommonJs(): Plugin {
  let outDir = "";
  let building = false;
  return {
    name: "load-generated-prisma-client-as-commonjs",
    enforce: "pre",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      building = config.command === "build";
    },
    resolveId(source, importer, options) {
      if (!options.ssr || !importer || !source.includes("prisma/generated/")) return null;
      const target = path.resolve(path.dirname(importer), source);
      return building ? { id: path.relative(outDir, target), external: "absolute" } : DEV_COMMONJS_PREFIX + target;
    },
    load(id) {
      if (!id.startsWith(DEV_COMMONJS_PREFIX)) return null;
      const target = id.slice(DEV_COMMONJS_PREFIX.length);
      const names = Object.keys(createRequire(import.meta.url)(target) as object).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
      return [
        `import { createRequire } from "node:module";`,
        `const loaded = createRequire(${JSON.stringify(target)})(${JSON.stringify(target)});`,
        `export default loaded;`,
        ...names.map((name) => `export const ${name} = loaded.${name};`),
      ].join("\n");
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
    loadGeneratedPrismaClientAsCommonJs(),
  ],
  build: { assetsInlineLimit: 0 },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
}) satisfies UserConfig;
