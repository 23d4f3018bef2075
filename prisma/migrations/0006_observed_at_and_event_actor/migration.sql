-- AlterTable
ALTER TABLE "Node" ADD COLUMN "observedAt" DATETIME;

-- CreateIndex
CREATE INDEX "Event_actor_idx" ON "Event"("actor");
