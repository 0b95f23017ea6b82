/** Jest in native ESM mode: Nest 12 packages are ES modules only (run through `node --experimental-vm-modules`). */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
    // Multi-process PostgreSQL tests run only under `npm run test:pg`.
    ...(process.env.TEST_DATABASE_URL ? ['<rootDir>/test/**/*.pg-spec.ts'] : []),
  ],
  // These storm a SQLite file through child processes; under test:pg they would only repeat themselves.
  testPathIgnorePatterns: ['/node_modules/', ...(process.env.TEST_DATABASE_URL ? ['crash-safety', 'second-writer'] : [])],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
    // @fastify/static (CommonJS) require()s content-disposition 3, an ES module. Node 20.19 loads
    // that natively, Jest's module runtime does not before Node 24.9: compile it to CommonJS here.
    '/node_modules/content-disposition/.+\\.js$': [
      'ts-jest',
      { useESM: false, tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
