/**
 * The browser client lives in client/ and is built into dist/client, which the server serves.
 * In development (`npm run dev`) Vite serves it with hot reload on 5173 and forwards the API,
 * socket.io and the Yjs sync endpoint to the API server (API_URL, default 127.0.0.1:3000).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: apiUrl },
      '/socket.io': { target: apiUrl, ws: true },
      '/yjs': { target: apiUrl, ws: true },
    },
  },
});
