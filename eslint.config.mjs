import next from 'eslint-config-next';

const config = [
  { ignores: ['.next/**', 'node_modules/**', 'prisma/generated/**', 'public/_islands/**', 'data/**', 'test-results/**', 'playwright-report/**', '.manifold/**', 'packages/*/template/**'] },
  ...next,
];

export default config;
