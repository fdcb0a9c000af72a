// Vite builds the UI into ui/dist, which the Tauri shell embeds (tauri.conf.json frontendDist).
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One local bundle: nothing is fetched at run time, so no chunking is needed.
    chunkSizeWarningLimit: 2000,
  },
});
