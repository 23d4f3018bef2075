-- CreateTable
CREATE TABLE "MeshEndpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "networkId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "prefixLength" INTEGER NOT NULL,
    "mac" TEXT NOT NULL,
    CONSTRAINT "MeshEndpoint_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "Network" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MeshEndpoint_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Route" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostname" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "internalPort" INTEGER NOT NULL,
    "protocol" TEXT NOT NULL DEFAULT 'http',
    "stickyCookie" TEXT,
    "redirect" TEXT,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL DEFAULT 'api',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Route_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Route" ("createdAt", "hostname", "id", "internalPort", "protocol", "serviceId") SELECT "createdAt", "hostname", "id", "internalPort", "protocol", "serviceId" FROM "Route";
DROP TABLE "Route";
ALTER TABLE "new_Route" RENAME TO "Route";
CREATE UNIQUE INDEX "Route_hostname_key" ON "Route"("hostname");
CREATE INDEX "Route_serviceId_idx" ON "Route"("serviceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "MeshEndpoint_nodeId_idx" ON "MeshEndpoint"("nodeId");

-- CreateIndex
CREATE UNIQUE INDEX "MeshEndpoint_networkId_nodeId_key" ON "MeshEndpoint"("networkId", "nodeId");

-- CreateIndex
CREATE UNIQUE INDEX "MeshEndpoint_networkId_address_key" ON "MeshEndpoint"("networkId", "address");

