// The browser end-to-end tests (e2e/): `npm run test:e2e`, with HB_BINARY set to the
// healthboard binary. Each test file starts its own server and a headless Chromium; files run
// one after the other (no parallelism) to keep a two-core machine calm.
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { binaryPath, chromiumPath } from './e2e/harness';

// Fail at once, with one clear message, without a binary or Chromium to test.
binaryPath();
chromiumPath();

/** Files in the order of their names: the scenarios in the order of the original README. */
class ByName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    minWorkers: 1,
    sequence: { concurrent: false, sequencer: ByName },
    testTimeout: 120_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    reporters: ['verbose'],
  },
});
