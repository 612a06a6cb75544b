-- CreateTable
CREATE TABLE "MlModel" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "signature" TEXT NOT NULL DEFAULT '',
    "example" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MlModel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MlModelVersion" (
    "id" SERIAL NOT NULL,
    "modelId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "format" TEXT NOT NULL,
    "files" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "params" INTEGER NOT NULL,
    "flops" DOUBLE PRECISION NOT NULL,
    "inputShape" TEXT NOT NULL,
    "outputShape" TEXT NOT NULL,
    "dtypes" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT NOT NULL DEFAULT '',
    "loadMs" DOUBLE PRECISION,
    "p50Ms" DOUBLE PRECISION,
    "exampleOutput" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MlModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MlModel_slug_key" ON "MlModel"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "MlModelVersion_modelId_number_key" ON "MlModelVersion"("modelId", "number");

-- AddForeignKey
ALTER TABLE "MlModelVersion" ADD CONSTRAINT "MlModelVersion_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "MlModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
