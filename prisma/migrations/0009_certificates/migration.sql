-- CreateTable
CREATE TABLE "Certificate" (
    "serial" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "nodeId" TEXT,
    "userId" TEXT,
    "label" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notAfter" DATETIME NOT NULL,
    "revokedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Certificate_nodeId_idx" ON "Certificate"("nodeId");

-- CreateIndex
CREATE INDEX "Certificate_userId_idx" ON "Certificate"("userId");
