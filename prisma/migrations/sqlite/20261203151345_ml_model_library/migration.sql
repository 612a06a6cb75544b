-- CreateTable
CREATE TABLE "MlModel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "signature" TEXT NOT NULL DEFAULT '',
    "example" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MlModelVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "modelId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "format" TEXT NOT NULL,
    "files" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "params" INTEGER NOT NULL,
    "flops" REAL NOT NULL,
    "inputShape" TEXT NOT NULL,
    "outputShape" TEXT NOT NULL,
    "dtypes" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT NOT NULL DEFAULT '',
    "loadMs" REAL,
    "p50Ms" REAL,
    "exampleOutput" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MlModelVersion_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "MlModel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "MlModel_slug_key" ON "MlModel"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "MlModelVersion_modelId_number_key" ON "MlModelVersion"("modelId", "number");
