// Tiny SSE server: GET /page?p=N -> test page; GET /events?size=big|small -> one "snapshot" event a second.
import http from 'node:http';
import { readFileSync } from 'node:fs';

const snapshot = JSON.parse(readFileSync(new URL('./snapshot.json', import.meta.url), 'utf8'));
// Small (~500 B) payload made of the same kind of data.
const small = {
  version: snapshot.version,
  timestamp: snapshot.timestamp,
  status: snapshot.status,
  services: snapshot.services.map((s) => ({
    name: s.name,
    status: s.status,
    latency_p50_ms: s.latency_p50_ms,
    latency_p95_ms: s.latency_p95_ms,
    latency_p99_ms: s.latency_p99_ms,
    error_ratio: s.error_ratio + 0.0001,
    request_rate: s.request_rate,
  })),
};

// Each tick: non-integer numbers jitter by up to +-5 % (3 decimals), version +1, so every shown figure changes.
function jitter(o) {
  if (Array.isArray(o)) return o.map(jitter);
  if (o && typeof o === 'object') {
    const r = {};
    for (const k in o) r[k] = jitter(o[k]);
    return r;
  }
  if (typeof o === 'number' && !Number.isInteger(o))
    return Math.round(o * (1 + (Math.random() - 0.5) * 0.1) * 1000) / 1000;
  return o;
}

/**
 * The lab at `labUrl` behind a proxy of its own on 127.0.0.1 (another origin, so that a page
 * served there reads the lab's API as its own): every request passed on, and GET /stream's
 * chunks each `delayMs` late. bench/update.ts's same-content floor is served there.
 */
export function relayLab(labUrl, delayMs) {
  const server = http.createServer((req, res) => {
    const upstream = http.request(`${labUrl}${req.url}`, { method: req.method }, (lab) => {
      res.writeHead(lab.statusCode ?? 502, lab.headers);
      if (!req.url.startsWith('/stream')) {
        lab.pipe(res);
        return;
      }
      lab.on('data', (chunk) => setTimeout(() => res.write(chunk), delayMs));
      lab.on('end', () => setTimeout(() => res.end(), delayMs));
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

const PAGE = readFileSync(new URL('./page.html', import.meta.url), 'utf8');

export function start(port = 0) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/page') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(PAGE);
      return;
    }
    if (url.pathname === '/events') {
      const base = url.searchParams.get('size') === 'small' ? small : snapshot;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      let version = base.version;
      const send = () => {
        const data = JSON.stringify({
          ...jitter(base),
          version: ++version,
          timestamp: Date.now() / 1000,
        });
        res.write(`id: ${version}\nevent: snapshot\ndata: ${data}\n\n`);
      };
      send();
      const timer = setInterval(send, 1000);
      req.on('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((done) => server.listen(port, '127.0.0.1', () => done(server)));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const server = await start(Number(process.argv[2] ?? 0));
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
}
