-- CreateIndex
CREATE INDEX "Post_updatedAt_version_idx" ON "Post"("updatedAt", "version");
