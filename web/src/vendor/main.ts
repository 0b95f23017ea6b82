import { createApp } from 'vue';
import { i18n } from '../shared/i18n';
import '../shared/theme.css';
import './vendor.css';
import App from './App.vue';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { applyLargeText } from './settings';

// The vendor app's own messages beside the shared ones (categories, kinds, session names, days).
i18n.global.mergeLocaleMessage('zh-CN', zhCN);
i18n.global.mergeLocaleMessage('en', en);
document.documentElement.lang = i18n.global.locale.value;
applyLargeText();
createApp(App).use(i18n).mount('#app');

// The offline shell (src/web/vendor-offline.ts). Browsers allow it on https and on localhost.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/vendor/sw.js', { scope: '/vendor/' }).catch(() => undefined);
  });
}
