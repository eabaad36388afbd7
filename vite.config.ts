import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web UI: src/web → dist/web, served by the same Fastify server (src/http/web.ts). */
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
