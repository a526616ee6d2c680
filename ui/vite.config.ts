import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The app is served from inside the Tauri binary: no remote content, no inline scripts.
// Two files of code: what the start page needs (the entry), and every other page in one
// file loaded when the first of them is opened (App.svelte). One file per page would
// weigh a third more in all, compressed, for next to no memory saved once a page is open.
// One stylesheet: the pages' styles are small, and then nothing needs preloading.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: "127.0.0.1" },
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    modulePreload: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // What the entry loads (`$initial`) stays in it; the rest is one file.
            { name: "index", tags: ["$initial"], priority: 2 },
            { name: "pages", priority: 1 },
          ],
        },
      },
    },
  },
});
