import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import { createApp } from 'vue';
import { i18n } from '../shared/i18n';
import App from './App.vue';
import { router } from './router';
import './console.css';

// The console's messages beside the shared ones (categories, kinds, session names, days): one
// file per area and language, `i18n/<area>.<locale>.json`, each under its area's own top-level key.
const files = import.meta.glob<{ default: Record<string, unknown> }>('./i18n/*.json', { eager: true });
for (const [path, module] of Object.entries(files)) {
  const locale = /\.(zh-CN|en)\.json$/.exec(path)?.[1];
  if (locale) i18n.global.mergeLocaleMessage(locale, module.default);
}
document.documentElement.lang = i18n.global.locale.value;
createApp(App).use(i18n).use(router).use(ElementPlus).mount('#app');
