-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "format" TEXT NOT NULL DEFAULT 'mdx';

-- CreateTable
CREATE TABLE "LegacyPath" (
    "id" SERIAL NOT NULL,
    "path" TEXT NOT NULL,
    "postId" INTEGER NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LegacyPath_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportedItem" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "objectId" INTEGER NOT NULL,
    "checksum" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ImportedItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LegacyPath_path_key" ON "LegacyPath"("path");

-- CreateIndex
CREATE INDEX "LegacyPath_postId_idx" ON "LegacyPath"("postId");

-- CreateIndex
CREATE INDEX "ImportedItem_model_objectId_idx" ON "ImportedItem"("model", "objectId");

-- CreateIndex
CREATE UNIQUE INDEX "ImportedItem_source_sourceKey_model_key" ON "ImportedItem"("source", "sourceKey", "model");

-- AddForeignKey
ALTER TABLE "LegacyPath" ADD CONSTRAINT "LegacyPath_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;
