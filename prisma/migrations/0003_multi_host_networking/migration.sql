-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "configOnly" BOOLEAN NOT NULL DEFAULT false,
    "configFrom" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Network_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Network" ("attachable", "createdAt", "driver", "id", "ingress", "internal", "ipam", "labels", "name", "nodeId", "options", "predefined", "scope", "vni") SELECT "attachable", "createdAt", "driver", "id", "ingress", "internal", "ipam", "labels", "name", "nodeId", "options", "predefined", "scope", "vni" FROM "Network";
DROP TABLE "Network";
ALTER TABLE "new_Network" RENAME TO "Network";
CREATE UNIQUE INDEX "Network_name_key" ON "Network"("name");
CREATE UNIQUE INDEX "Network_vni_key" ON "Network"("vni");
CREATE INDEX "Network_nodeId_idx" ON "Network"("nodeId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

