-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
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
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'installed',
    "crmUrl" TEXT,
    "crmApiKeyEnc" TEXT,
    "crmSite" TEXT,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "icmlToken" TEXT,
    "catalogDirtyAt" TIMESTAMP(3),
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "connectedAt" TIMESTAMP(3),
    "uninstalledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("domain")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "entityId" TEXT,
    "apiVersion" TEXT,
    "triggeredAt" TIMESTAMP(3),
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncRecord" (
    "id" TEXT NOT NULL,
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
    "sourceUpdatedAt" TIMESTAMP(3),
    "lastPushedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmCursor" (
    "shop" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "sinceId" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmCursor_pkey" PRIMARY KEY ("shop","entity")
);

-- CreateTable
CREATE TABLE "CatalogBuild" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "trigger" TEXT NOT NULL,
    "products" INTEGER NOT NULL DEFAULT 0,
    "offers" INTEGER NOT NULL DEFAULT 0,
    "categories" INTEGER NOT NULL DEFAULT 0,
    "bytes" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CatalogBuild_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogFile" (
    "shop" TEXT NOT NULL,
    "gzip" BYTEA NOT NULL,
    "etag" TEXT NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL,
    "offers" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "buildId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CatalogFile_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "CatalogFetch" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userAgent" TEXT,
    "status" INTEGER NOT NULL,

    CONSTRAINT "CatalogFetch_pkey" PRIMARY KEY ("id")
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

