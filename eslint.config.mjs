import next from 'eslint-config-next';

const config = [
  { ignores: ['.next/**', 'node_modules/**', 'prisma/generated/**', 'public/_islands/**', 'data/**', 'test-results/**', 'playwright-report/**'] },
  ...next,
];

export default config;
