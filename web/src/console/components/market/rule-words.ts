import { ruleToChinese, ruleToEnglish, type Translate } from './recurrence';

/**
 * A session's rule in the page's language: in Chinese the project's own words (and the
 * console's for what those do not cover), in English rrule.js's toText(). A rule neither can
 * put in words is shown as written.
 */
export function ruleInWords(
  rule: string,
  locale: string,
  t: Translate,
  context: { validFrom: string; startTime: string; timezone: string },
): string {
  try {
    if (locale === 'en') return ruleToEnglish(rule, context.validFrom, context.startTime, context.timezone);
    return ruleToChinese(rule, t) ?? t('market.rule.asWritten', { rule });
  } catch {
    return t('market.rule.asWritten', { rule });
  }
}
