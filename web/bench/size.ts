// `npm run bench:size`: the gzip -9 size of the built dashboard (dist/assets/*.js and *.css),
// per file and in total, against the goal of 102 kB (102 000 bytes) gzipped. Build first
// (`npm run build`); this measures what dist/ holds. The figure is GNU gzip's (`gzip -9 -n`);
// Node's zlib at level 9 is shown beside it (a few hundred bytes larger).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WEB_DIR } from '../e2e/harness';

// 100 kB until the Kubernetes view (pod STATUS, READY, AGE, back-off; Deployment, scale, rollout,
// autoscaler; crash faults), which adds 2.2 kB: the smallest goal it fits, see
// docs/benchmarks.md (Bundle size).
const GOAL_BYTES = 102_000;
const assets = join(WEB_DIR, 'dist', 'assets');

/** Bytes of `gzip -9 -n -c file`, or null without a gzip command. */
function gnuGzip(path: string): number | null {
  try {
    return execFileSync('gzip', ['-9', '-n', '-c', path], {
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).length;
  } catch {
    return null;
  }
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

function main(): number {
  if (!existsSync(assets)) {
    console.error(`No ${assets}: run \`npm run build\` first.`);
    return 1;
  }
  const files = readdirSync(assets)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .sort();
  if (files.length === 0) {
    console.error(`No .js or .css files in ${assets}: run \`npm run build\` first.`);
    return 1;
  }
  const rows = files.map((file) => {
    const path = join(assets, file);
    const raw = readFileSync(path);
    const zlib = gzipSync(raw, { level: 9 }).length;
    return { file, raw: raw.length, gzip: gnuGzip(path) ?? zlib, zlib };
  });
  const sum = (key: 'raw' | 'gzip' | 'zlib') => rows.reduce((total, r) => total + r[key], 0);
  const total = { file: 'total', raw: sum('raw'), gzip: sum('gzip'), zlib: sum('zlib') };
  const usedGnu = rows.every((r) => gnuGzip(join(assets, r.file)) !== null);

  const width = Math.max(18, ...rows.map((r) => r.file.length));
  const line = (cells: string[]) =>
    console.log([cells[0]!.padEnd(width), ...cells.slice(1).map((c) => c.padStart(18))].join('  '));
  line(['file (dist/assets)', 'raw', usedGnu ? 'gzip -9' : 'gzip -9 (zlib)', 'zlib level 9']);
  for (const r of [...rows, total]) {
    line([r.file, `${r.raw} B ${kb(r.raw)}`, `${r.gzip} B ${kb(r.gzip)}`, `${r.zlib} B`]);
  }
  const met = total.gzip <= GOAL_BYTES;
  console.log(
    `goal: JS + CSS at most ${kb(GOAL_BYTES)} gzipped: ${met ? 'met' : 'NOT met'}, ` +
      `${kb(total.gzip)} is ${((100 * total.gzip) / GOAL_BYTES).toFixed(1)} % of it` +
      (usedGnu ? '' : ' (no gzip command: zlib level 9 used)'),
  );
  return 0;
}

process.exitCode = main();
