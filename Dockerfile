# syntax=docker/dockerfile:1

# ---- build: install everything, build the Remix app, then drop the dev dependencies ----
FROM node:22-slim AS build
WORKDIR /app

# better-sqlite3 compiles from source when no prebuilt binary matches the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ ca-certificates openssl \
  && rm -rf /var/lib/apt/lists/*

# npm 11 runs install scripts only for the packages approved in package.json "allowScripts"
# (the npm bundled with node:22 ignores that list and runs them all).
RUN npm install --global npm@11.19.1

# The postinstall step generates both Prisma clients, which needs the schemas and prisma.config.ts.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma/schema.prisma prisma/schema.prisma
COPY prisma/postgres/schema.prisma prisma/postgres/schema.prisma
COPY app/db/database-url.ts app/db/database-url.ts
RUN npm ci

COPY . .
RUN npm run build \
  && npm prune --omit=dev \
  && npm run db:generate

# ---- runtime: the built app and its production dependencies ----
FROM node:22-slim
WORKDIR /app

RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates openssl \
  && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    PORT=3000

COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/var && chown node:node /app/var
USER node

EXPOSE 3000
# Migrations are idempotent; run them before serving. Workers run `npm run worker` from the same image.
CMD ["sh", "-c", "npm run db:migrate && npm start"]
