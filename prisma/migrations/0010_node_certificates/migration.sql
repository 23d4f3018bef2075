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
    "joinedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastHeartbeatAt" DATETIME,
    "desiredRevision" INTEGER NOT NULL DEFAULT 0,
    "desiredDigest" TEXT NOT NULL DEFAULT '',
    "observedRevision" INTEGER NOT NULL DEFAULT 0,
    "observedAt" DATETIME,
    "conditions" TEXT NOT NULL DEFAULT '[]',
    "hostNetworks" TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO "new_Node" ("agentVersion", "availability", "capabilities", "conditions", "desiredDigest", "desiredRevision", "hostNetworks", "id", "joinedAt", "kernelVersion", "labels", "lastHeartbeatAt", "name", "observedAt", "observedRevision", "specVersion", "status", "underlayAddress") SELECT "agentVersion", "availability", "capabilities", "conditions", "desiredDigest", "desiredRevision", "hostNetworks", "id", "joinedAt", "kernelVersion", "labels", "lastHeartbeatAt", "name", "observedAt", "observedRevision", "specVersion", "status", "underlayAddress" FROM "Node";
DROP TABLE "Node";
ALTER TABLE "new_Node" RENAME TO "Node";
CREATE UNIQUE INDEX "Node_name_key" ON "Node"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

