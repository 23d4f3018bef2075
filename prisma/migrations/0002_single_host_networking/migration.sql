-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN "interfaceName" TEXT;
ALTER TABLE "Endpoint" ADD COLUMN "prefixLength" INTEGER;

-- CreateTable
CREATE TABLE "PublishedPort" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sandboxId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "hostIp" TEXT NOT NULL,
    "hostPort" INTEGER NOT NULL,
    "containerPort" INTEGER NOT NULL,
    "protocol" TEXT NOT NULL,
    CONSTRAINT "PublishedPort_sandboxId_fkey" FOREIGN KEY ("sandboxId") REFERENCES "Sandbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PublishedPort_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
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
INSERT INTO "new_Node" ("agentVersion", "availability", "capabilities", "conditions", "credentialHash", "desiredDigest", "desiredRevision", "id", "joinedAt", "kernelVersion", "labels", "lastHeartbeatAt", "name", "observedRevision", "status", "underlayAddress") SELECT "agentVersion", "availability", "capabilities", "conditions", "credentialHash", "desiredDigest", "desiredRevision", "id", "joinedAt", "kernelVersion", "labels", "lastHeartbeatAt", "name", "observedRevision", "status", "underlayAddress" FROM "Node";
DROP TABLE "Node";
ALTER TABLE "new_Node" RENAME TO "Node";
CREATE UNIQUE INDEX "Node_name_key" ON "Node"("name");
CREATE TABLE "new_Network" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "driver" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "nodeId" TEXT,
    "predefined" BOOLEAN NOT NULL DEFAULT false,
    "ipam" TEXT NOT NULL DEFAULT '[]',
    "options" TEXT NOT NULL DEFAULT '{}',
    "labels" TEXT NOT NULL DEFAULT '{}',
    "internal" BOOLEAN NOT NULL DEFAULT false,
    "attachable" BOOLEAN NOT NULL DEFAULT false,
    "ingress" BOOLEAN NOT NULL DEFAULT false,
    "vni" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Network_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Network" ("attachable", "createdAt", "driver", "id", "ingress", "internal", "ipam", "labels", "name", "options", "scope", "vni") SELECT "attachable", "createdAt", "driver", "id", "ingress", "internal", "ipam", "labels", "name", "options", "scope", "vni" FROM "Network";
DROP TABLE "Network";
ALTER TABLE "new_Network" RENAME TO "Network";
CREATE UNIQUE INDEX "Network_name_key" ON "Network"("name");
CREATE UNIQUE INDEX "Network_vni_key" ON "Network"("vni");
CREATE INDEX "Network_nodeId_idx" ON "Network"("nodeId");
CREATE TABLE "new_Sandbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "networkMode" TEXT NOT NULL DEFAULT 'bridge',
    "spec" TEXT NOT NULL DEFAULT '{}',
    "desiredRunning" BOOLEAN NOT NULL DEFAULT false,
    "startGeneration" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'created',
    "pid" INTEGER,
    "exitCode" INTEGER,
    "startedAt" TEXT,
    "finishedAt" TEXT,
    "restartCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Sandbox_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Sandbox" ("createdAt", "hostname", "id", "name", "nodeId", "spec") SELECT "createdAt", "hostname", "id", "name", "nodeId", "spec" FROM "Sandbox";
DROP TABLE "Sandbox";
ALTER TABLE "new_Sandbox" RENAME TO "Sandbox";
CREATE UNIQUE INDEX "Sandbox_name_key" ON "Sandbox"("name");
CREATE INDEX "Sandbox_nodeId_idx" ON "Sandbox"("nodeId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PublishedPort_sandboxId_idx" ON "PublishedPort"("sandboxId");

-- CreateIndex
CREATE UNIQUE INDEX "PublishedPort_nodeId_hostIp_hostPort_protocol_key" ON "PublishedPort"("nodeId", "hostIp", "hostPort", "protocol");

-- CreateIndex
CREATE UNIQUE INDEX "Endpoint_sandboxId_interfaceName_key" ON "Endpoint"("sandboxId", "interfaceName");

