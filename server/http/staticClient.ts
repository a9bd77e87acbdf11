import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Router } from 'express';

const PLACEHOLDER = `<!doctype html><meta charset="utf-8"><title>Incident Room</title>
<body style="font:16px system-ui;margin:3rem"><h1>Incident Room</h1>
<p>The server is running, but the browser client has not been built. Run <code>npm run build</code>, or <code>npm start</code> which builds it.</p>
<p>The API is at <code>/api</code>; see the README.</p></body>`;

/** Serves the built client, with index.html for every client-side route; a placeholder if not built. */
export function staticClient(clientDir: string | null): Router {
  const router = express.Router();
  const index = clientDir ? path.join(clientDir, 'index.html') : null;
  if (clientDir && index && fs.existsSync(index)) {
    router.use(express.static(clientDir, { index: false, maxAge: '1h', setHeaders: noCacheForHtml }));
    router.get(/^\/(?!api\/|yjs\/|socket\.io\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  } else {
    router.get('/', (_req, res) => {
      res.type('html').send(PLACEHOLDER);
    });
  }
  return router;
}

function noCacheForHtml(res: express.Response, file: string): void {
  if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
