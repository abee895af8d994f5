// The upstream both servers call: node:http answering a small JSON body, keep-alive on.
import { createServer } from 'node:http';
import { announceReady } from './children.js';
import { UPSTREAM_BODY } from './project.js';

const server = createServer((req, res) => {
  // drain any request body before answering so the connection stays reusable
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(UPSTREAM_BODY) });
    res.end(UPSTREAM_BODY);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => announceReady(`http://127.0.0.1:${server.address().port}`));
