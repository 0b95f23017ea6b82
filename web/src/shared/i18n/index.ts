import { createI18n } from 'vue-i18n';
import { distance } from '../format';
import en from './en.json';
import zhCN from './zh-CN.json';

/** One message file per language, zh-CN first; every face shares them. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'tidal.locale';

function storedLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : 'zh-CN';
  } catch {
    return 'zh-CN'; // storage blocked (private mode, policy): Chinese, not remembered
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

/** The language a face's switch offers: the one not showing. */
export function otherLocale(): Locale {
  return currentLocale() === 'en' ? 'zh-CN' : 'en';
}

/** Switches the language and remembers the choice on this device. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered; the switch still applies to this visit
  }
}

/** What the API's error messages follow (`Accept-Language`: zh or en). */
export function acceptLanguage(): string {
  return currentLocale() === 'en' ? 'en' : 'zh-CN,zh;q=0.9';
}

/** A session name in words when it is one of the usual ones (morning…), else as staff wrote it. */
export function sessionLabel(name: string): string {
  const key = `sessionNames.${name}`;
  return i18n.global.te(key) ? i18n.global.t(key) : name;
}

/** `350 米` / `1.2 km`: a distance in words (see distance()). */
export function distanceLabel(metres: number): string {
  const { unit, value } = distance(metres);
  return i18n.global.t(unit === 'm' ? 'zone.distanceM' : 'zone.distanceKm', { n: value });
}
