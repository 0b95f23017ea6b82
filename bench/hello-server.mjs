// The raw baseline: node:http answering 200 {"hello":"world"} to every request.
// PORT (default 0 = any free port) and HOST (default 127.0.0.1) from the environment;
// prints `hello listening on http://HOST:PORT` once it listens. Exits on SIGTERM/SIGINT.
import { createServer } from 'node:http';

const body = Buffer.from('{"hello":"world"}');
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`hello listening on http://${address}:${port}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
