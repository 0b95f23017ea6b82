import { ref, watch } from 'vue';
import { load, save } from './storage';

const KEY = 'tidal.vendor.largeText';

/** 适老化 large-text mode: 20 px base text, stronger contrast and borders (see vendor.css); remembered on the device. */
export const largeText = ref(load<boolean>(KEY) ?? false);

export function applyLargeText(): void {
  document.documentElement.classList.toggle('large-text', largeText.value);
}

watch(largeText, (on) => {
  save(KEY, on);
  applyLargeText();
});
