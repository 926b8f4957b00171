/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Only the one Node global this file reads (no @types/node needed).
declare const process: { env: Record<string, string | undefined> };

const apiTarget = process.env.HB_API ?? 'http://localhost:8000';
const apiPaths = [
  '/lab',
  '/stream',
  '/history',
  '/events',
  '/health',
  '/pods',
  '/services',
  '/fault',
  '/restart',
  '/scale',
  '/rollout',
  '/slo',
  '/alerts',
  '/metrics',
];

export default defineConfig({
  base: '/',
  // No React plugin: esbuild compiles JSX with the automatic runtime.
  esbuild: { jsx: 'automatic' },
  server: {
    port: 5173,
    proxy: Object.fromEntries(
      apiPaths.map((path) => [
        path,
        // Responses are piped through unbuffered and uncompressed, so /stream (server-sent
        // events) reaches the browser event by event.
        { target: apiTarget, changeOrigin: true },
      ]),
    ),
  },
  build: {
    // The browsers the dashboard supports all run ES2022 and module preloading natively: no
    // down-levelling, no preload polyfill (both cost bytes of the 100 kB budget).
    target: 'es2022',
    modulePreload: { polyfill: false },
    // Terser with two compress passes packs React and uPlot some 3 kB (gzip) tighter than
    // esbuild's minifier; the build takes about 10 s longer. Vite turns on terser's Safari 10
    // workarounds unless told not to: no Safari 10 runs ES2022 (170 bytes gzip). Anonymous
    // functions that do not use `this` become arrows (unsafe_arrows, about 150 bytes gzip): the
    // one such function in these libraries that is used as a constructor is React's probe for
    // the component stack of an error message, which then falls back to naming the component.
    minify: 'terser',
    terserOptions: {
      safari10: false,
      ecma: 2020,
      compress: { passes: 2, ecma: 2020, unsafe_arrows: true },
      format: { comments: false },
    },
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    environment: 'node',
    // VM contexts share loaded modules between files: jsdom is imported once per worker.
    pool: 'vmThreads',
    setupFiles: ['tests/setup.ts'],
    include: ['tests/**/*.test.{ts,tsx}'],
    env: { TZ: 'UTC' },
    // CI runs these beside the C++ tests on two cores; the full-dashboard render took over the
    // 5 s default there once. A hang still fails, just later.
    testTimeout: 20000,
  },
});
