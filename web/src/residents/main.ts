import { createApp } from 'vue';
import { i18n } from '../shared/i18n';
import '../shared/theme.css';
import App from './App.vue';

document.documentElement.lang = i18n.global.locale.value;
createApp(App).use(i18n).mount('#app');
