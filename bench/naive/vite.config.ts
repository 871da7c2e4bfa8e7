import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The benchmark's baseline: Vite's defaults, production mode. `base: './'` so that dist/ works from the
// sub-path the bench serves it under (/course/implicit/), as the kata's own build does.
export default defineConfig({
  base: './',
  plugins: [react()],
  // tfjs is big: Vite's 500 kB warning is expected here and says nothing new.
  build: { chunkSizeWarningLimit: 10_000 },
});
