// What `server-only` becomes in tests (testing/vitest.mjs): the guard is Next's to enforce, and tests run outside it.
export {};
