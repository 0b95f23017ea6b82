// A second baseline for the residents' search: node:http answering every request with an answer
// shaped like GET /api/public/zones's (12 zones, ~5 KB of JSON with Chinese names), built with
// JSON.stringify per request, nothing else: no routing, no validation, no data. What it costs over
// hello is what any server pays to build and send such an answer; the bench reports it beside
// the app so the app's ratio can be read against that ceiling.
// PORT (default 0) and HOST (default 127.0.0.1); prints `answer listening on http://HOST:PORT`.
import { createServer } from 'node:http';

const zone = (i) => ({
  id: `0194f3a2-7c1e-7b3d-9a55-3f1c2b4d${String(5000 + i).padStart(4, '0')}`,
  name: `第${1234 + i}摊区`,
  district: `城区${(i % 26) + 1}`,
  address: `示例路 ${1234 + i} 号`,
  latitude: 29.5612345 + i / 1000,
  longitude: 106.5512345 - i / 1000,
  timezone: 'Asia/Shanghai',
  distanceM: 0,
  openNow: false,
  nextSession: { name: 'evening', start: '2026-12-02T17:00:00+08:00', end: '2026-12-02T20:00:00+08:00' },
  stallsClaimedToday: { vegetables: 3, fruit: 2, food: 1, general: 0 },
  feedback: { wish: 1, problem: 0, praise: 2, resolved: 1 },
});
const zones = Array.from({ length: 12 }, (_, i) => zone(i));
let n = 0;

const server = createServer((req, res) => {
  n++;
  const items = zones.map((z, i) => ({ ...z, distanceM: 80 * i + (n % 80) }));
  const body = JSON.stringify({ items, total: items.length });
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`answer listening on http://${address}:${port}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
