-- CreateTable
CREATE TABLE "LegacyPath" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "path" TEXT NOT NULL,
    "postId" INTEGER NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LegacyPath_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ImportedItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "objectId" INTEGER NOT NULL,
    "checksum" TEXT NOT NULL,
    "importedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Post" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "excerpt" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT '',
    "format" TEXT NOT NULL DEFAULT 'mdx',
    "compiledCode" TEXT NOT NULL DEFAULT '',
    "toc" TEXT NOT NULL DEFAULT '[]',
    "embeds" TEXT NOT NULL DEFAULT '[]',
    "readingMinutes" INTEGER NOT NULL DEFAULT 1,
    "searchText" TEXT NOT NULL DEFAULT '',
    "compileError" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "publishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "authorId" INTEGER,
    "categoryId" INTEGER,
    "coverImage" TEXT,
    "seoTitle" TEXT,
    "seoDescription" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "draft" TEXT,
    "draftSavedAt" DATETIME,
    "draftById" INTEGER,
    "revisedAt" DATETIME,
    "seriesId" INTEGER,
    "seriesOrder" INTEGER,
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Post_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Post_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "Series" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Post" ("authorId", "categoryId", "compileError", "compiledCode", "coverImage", "createdAt", "draft", "draftById", "draftSavedAt", "embeds", "excerpt", "id", "publishedAt", "readingMinutes", "revisedAt", "searchText", "seoDescription", "seoTitle", "seriesId", "seriesOrder", "slug", "source", "status", "title", "toc", "updatedAt", "version") SELECT "authorId", "categoryId", "compileError", "compiledCode", "coverImage", "createdAt", "draft", "draftById", "draftSavedAt", "embeds", "excerpt", "id", "publishedAt", "readingMinutes", "revisedAt", "searchText", "seoDescription", "seoTitle", "seriesId", "seriesOrder", "slug", "source", "status", "title", "toc", "updatedAt", "version" FROM "Post";
DROP TABLE "Post";
ALTER TABLE "new_Post" RENAME TO "Post";
CREATE UNIQUE INDEX "Post_slug_key" ON "Post"("slug");
CREATE INDEX "Post_status_publishedAt_idx" ON "Post"("status", "publishedAt");
CREATE INDEX "Post_publishedAt_idx" ON "Post"("publishedAt");
CREATE INDEX "Post_categoryId_idx" ON "Post"("categoryId");
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
CREATE INDEX "Post_seriesId_idx" ON "Post"("seriesId");
CREATE INDEX "Post_updatedAt_version_idx" ON "Post"("updatedAt", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "LegacyPath_path_key" ON "LegacyPath"("path");

-- CreateIndex
CREATE INDEX "LegacyPath_postId_idx" ON "LegacyPath"("postId");

-- CreateIndex
CREATE INDEX "ImportedItem_model_objectId_idx" ON "ImportedItem"("model", "objectId");

-- CreateIndex
CREATE UNIQUE INDEX "ImportedItem_source_sourceKey_model_key" ON "ImportedItem"("source", "sourceKey", "model");
