/** Jest in native ESM mode: Nest 12 packages are ES modules only (run through `node --experimental-vm-modules`). */

// @fastify/static (CommonJS) require()s content-disposition 3, an ES module. Before Node 24.9 Jest's
// module runtime cannot load that natively, so it is compiled to CommonJS; from 24.9 on Jest loads it
// as native ESM and the compiled copy would break it.
const [major, minor] = process.versions.node.split('.').map(Number);
const compileContentDisposition = major < 24 || (major === 24 && minor < 9);

module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
    '<rootDir>/test/lint/*.spec.ts',
    // Pure logic of the web faces (formatting); the pages themselves are driven in Chromium by `npm run test:browser`.
    '<rootDir>/web/src/**/*.spec.ts',
    // Multi-process PostgreSQL tests run only under `npm run test:pg`.
    ...(process.env.TEST_DATABASE_URL ? ['<rootDir>/test/**/*.pg-spec.ts'] : []),
  ],
  // These storm a SQLite file through child processes; under test:pg they would only repeat themselves.
  testPathIgnorePatterns: ['/node_modules/', ...(process.env.TEST_DATABASE_URL ? ['crash-safety', 'second-writer'] : [])],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
    ...(compileContentDisposition
      ? {
          '/node_modules/content-disposition/.+\\.js$': [
            'ts-jest',
            { useESM: false, tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' } },
          ],
        }
      : {}),
  },
  transformIgnorePatterns: [compileContentDisposition ? '/node_modules/(?!content-disposition/)' : '/node_modules/'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
