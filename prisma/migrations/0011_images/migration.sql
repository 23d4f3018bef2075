-- Images (issue 15): what was loaded or pulled, and what each node's container runtime holds.
ALTER TABLE "Node" ADD COLUMN "images" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Service" ADD COLUMN "pending" TEXT NOT NULL DEFAULT '[]';

CREATE TABLE "Image" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "references" TEXT NOT NULL DEFAULT '[]',
    "config" TEXT NOT NULL,
    "built" TEXT,
    "size" INTEGER NOT NULL DEFAULT 0,
    "layers" INTEGER NOT NULL DEFAULT 0,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
