// Runs once before any browser test: fails the whole run at once, with one clear message, when
// the binary or Chromium is missing, instead of once per test file.
import { artifactsDir, binaryPath, chromiumPath } from './harness';

export default function setup(): void {
  const binary = binaryPath();
  const chromium = chromiumPath();
  const artifacts = artifactsDir();
  console.log(`e2e: binary ${binary}, chromium ${chromium}, screenshots in ${artifacts}`);
}
