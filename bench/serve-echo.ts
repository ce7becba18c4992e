// The serving benchmark's baseline: a bare Fastify server whose one route sends back the JSON it
// was posted, in its own process like the prediction server. Prints its address on stdout.
// Run by serve.bench.ts: node dist/bench/serve-echo.js

import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });
app.post('/echo', async (request) => request.body);
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`echo serving on ${address}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
