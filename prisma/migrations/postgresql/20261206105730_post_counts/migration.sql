-- CreateTable
CREATE TABLE "PostCount" (
    "scope" TEXT NOT NULL,
    "refId" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "stamp" TEXT NOT NULL DEFAULT '',
    "validUntil" TIMESTAMP(3),

    CONSTRAINT "PostCount_pkey" PRIMARY KEY ("scope","refId")
);
