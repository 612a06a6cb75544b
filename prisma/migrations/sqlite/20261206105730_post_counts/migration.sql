-- CreateTable
CREATE TABLE "PostCount" (
    "scope" TEXT NOT NULL,
    "refId" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "stamp" TEXT NOT NULL DEFAULT '',
    "validUntil" DATETIME,

    PRIMARY KEY ("scope", "refId")
);
