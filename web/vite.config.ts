import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const web = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * One build for every web face: each face is an entry page under web/<face>/
 * (the residents' page, the vendor app at /vendor/, the staff console at /console/), sharing web/src/shared.
 * Output: web/dist/<face>/index.html and web/dist/assets/<name>-<hash>.*, which the
 * Nest app serves itself (src/web/); the manifest lets the budget test find what a
 * page loads eagerly.
 */
export default defineConfig({
  root: web('.'),
  base: '/',
  publicDir: false,
  plugins: [
    vue(),
    // Messages compiled at build time, so the page ships vue-i18n's runtime without the compiler.
    VueI18nPlugin({
      include: [web('src/shared/i18n/*.json'), web('src/vendor/i18n/*.json'), web('src/console/i18n/*.json')],
      runtimeOnly: true,
      compositionOnly: true,
      fullInstall: false,
    }),
  ],
  build: {
    outDir: web('dist'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2020',
    // The budget counts gzipped JavaScript; maps stay out of what is served.
    sourcemap: false,
    rolldownOptions: {
      input: { residents: web('residents/index.html'), vendor: web('vendor/index.html'), console: web('console/index.html') },
    },
  },
});
