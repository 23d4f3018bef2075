-- AlterTable
ALTER TABLE "Sandbox" ADD COLUMN "health" TEXT;

-- AlterTable
ALTER TABLE "Service" ADD COLUMN "updateStatus" TEXT;

-- CreateTable
CREATE TABLE "VirtualIp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "networkId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "prefixLength" INTEGER NOT NULL,
    CONSTRAINT "VirtualIp_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "VirtualIp_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "Network" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ServicePort" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "publishedPort" INTEGER NOT NULL,
    "targetPort" INTEGER NOT NULL,
    "publishMode" TEXT NOT NULL,
    CONSTRAINT "ServicePort_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IngressEndpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nodeId" TEXT NOT NULL,
    "networkId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "prefixLength" INTEGER NOT NULL,
    "mac" TEXT NOT NULL,
    CONSTRAINT "IngressEndpoint_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "IngressEndpoint_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "Network" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Node" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "underlayAddress" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'down',
    "capabilities" TEXT NOT NULL DEFAULT '[]',
    "labels" TEXT NOT NULL DEFAULT '{}',
    "availability" TEXT NOT NULL DEFAULT 'active',
    "specVersion" INTEGER NOT NULL DEFAULT 1,
    "agentVersion" TEXT NOT NULL,
    "kernelVersion" TEXT NOT NULL,
    "credentialHash" TEXT NOT NULL,
    "joinedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastHeartbeatAt" DATETIME,
    "desiredRevision" INTEGER NOT NULL DEFAULT 0,
    "desiredDigest" TEXT NOT NULL DEFAULT '',
    "observedRevision" INTEGER NOT NULL DEFAULT 0,
    "conditions" TEXT NOT NULL DEFAULT '[]',
    "hostNetworks" TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO "new_Node" ("agentVersion", "availability", "capabilities", "conditions", "credentialHash", "desiredDigest", "desiredRevision", "hostNetworks", "id", "joinedAt", "kernelVersion", "labels", "lastHeartbeatAt", "name", "observedRevision", "status", "underlayAddress") SELECT "agentVersion", "availability", "capabilities", "conditions", "credentialHash", "desiredDigest", "desiredRevision", "hostNetworks", "id", "joinedAt", "kernelVersion", "labels", "lastHeartbeatAt", "name", "observedRevision", "status", "underlayAddress" FROM "Node";
DROP TABLE "Node";
ALTER TABLE "new_Node" RENAME TO "Node";
CREATE UNIQUE INDEX "Node_name_key" ON "Node"("name");
CREATE TABLE "new_Task" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "slot" INTEGER,
    "name" TEXT NOT NULL,
    "nodeId" TEXT,
    "sandboxId" TEXT,
    "desired" TEXT NOT NULL DEFAULT 'running',
    "state" TEXT NOT NULL DEFAULT 'new',
    "health" TEXT,
    "message" TEXT NOT NULL DEFAULT '',
    "error" TEXT,
    "specVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Task_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Task_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Task_sandboxId_fkey" FOREIGN KEY ("sandboxId") REFERENCES "Sandbox" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Task" ("createdAt", "desired", "id", "message", "name", "nodeId", "sandboxId", "serviceId", "slot", "state", "updatedAt") SELECT "createdAt", "desired", "id", "message", "id", "nodeId", "sandboxId", "serviceId", "slot", "state", "updatedAt" FROM "Task";
DROP TABLE "Task";
ALTER TABLE "new_Task" RENAME TO "Task";
CREATE UNIQUE INDEX "Task_name_key" ON "Task"("name");
CREATE UNIQUE INDEX "Task_sandboxId_key" ON "Task"("sandboxId");
CREATE INDEX "Task_serviceId_slot_idx" ON "Task"("serviceId", "slot");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "VirtualIp_serviceId_networkId_key" ON "VirtualIp"("serviceId", "networkId");

-- CreateIndex
CREATE UNIQUE INDEX "VirtualIp_networkId_address_key" ON "VirtualIp"("networkId", "address");

-- CreateIndex
CREATE INDEX "ServicePort_serviceId_idx" ON "ServicePort"("serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "ServicePort_protocol_publishedPort_key" ON "ServicePort"("protocol", "publishedPort");

-- CreateIndex
CREATE UNIQUE INDEX "IngressEndpoint_nodeId_key" ON "IngressEndpoint"("nodeId");

-- CreateIndex
CREATE UNIQUE INDEX "IngressEndpoint_networkId_address_key" ON "IngressEndpoint"("networkId", "address");

