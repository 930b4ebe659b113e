-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'installed',
    "crmUrl" TEXT,
    "crmApiKeyEnc" TEXT,
    "crmSite" TEXT,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "icmlToken" TEXT,
    "catalogDirtyAt" DATETIME,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "connectedAt" DATETIME,
    "uninstalledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "entityId" TEXT,
    "apiVersion" TEXT,
    "triggeredAt" DATETIME,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SyncRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "shopifyId" TEXT,
    "crmId" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "payloadHash" TEXT,
    "sourceUpdatedAt" DATETIME,
    "lastPushedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CrmCursor" (
    "shop" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "sinceId" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "entity")
);

-- CreateTable
CREATE TABLE "CatalogBuild" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "trigger" TEXT NOT NULL,
    "products" INTEGER NOT NULL DEFAULT 0,
    "offers" INTEGER NOT NULL DEFAULT 0,
    "categories" INTEGER NOT NULL DEFAULT 0,
    "bytes" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "CatalogFile" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "gzip" BLOB NOT NULL,
    "etag" TEXT NOT NULL,
    "generatedAt" DATETIME NOT NULL,
    "offers" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "buildId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CatalogFetch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "fetchedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userAgent" TEXT,
    "status" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Shop_icmlToken_key" ON "Shop"("icmlToken");

-- CreateIndex
CREATE INDEX "WebhookEvent_shop_topic_receivedAt_idx" ON "WebhookEvent"("shop", "topic", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_shop_entityId_idx" ON "WebhookEvent"("shop", "entityId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_shop_eventId_key" ON "WebhookEvent"("shop", "eventId");

-- CreateIndex
CREATE INDEX "SyncRecord_shop_state_updatedAt_idx" ON "SyncRecord"("shop", "state", "updatedAt");

-- CreateIndex
CREATE INDEX "SyncRecord_shop_entity_shopifyId_idx" ON "SyncRecord"("shop", "entity", "shopifyId");

-- CreateIndex
CREATE INDEX "SyncRecord_shop_entity_crmId_idx" ON "SyncRecord"("shop", "entity", "crmId");

-- CreateIndex
CREATE UNIQUE INDEX "SyncRecord_shop_entity_direction_sourceId_key" ON "SyncRecord"("shop", "entity", "direction", "sourceId");

-- CreateIndex
CREATE INDEX "CatalogBuild_shop_createdAt_idx" ON "CatalogBuild"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "CatalogFetch_shop_fetchedAt_idx" ON "CatalogFetch"("shop", "fetchedAt");

