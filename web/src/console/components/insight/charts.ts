import { BarChart, CustomChart, HeatmapChart, PieChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

/**
 * The cockpit's share of ECharts, tree-shaken: only the charts and components it draws, drawn as
 * SVG (crisp at any zoom and in print; a page of a few hundred shapes, not thousands).
 * This module is imported by the cockpit's chunk only, so the sign-in and other screens never load it.
 */
use([
  SVGRenderer,
  BarChart,
  CustomChart,
  HeatmapChart,
  PieChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
]);

export { default as VChart } from 'vue-echarts';

/** 0.8125 → `81.3%`; null (nothing to divide) → the given dash. */
export function percent(rate: number | null | undefined, locale: string, none = '—'): string {
  if (rate === null || rate === undefined) return none;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** A count with the locale's grouping (`12,345`). */
export function count(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** The palette the charts share (Element Plus's primary blue first; colour-blind-safe pairs). */
export const COLORS = {
  primary: '#0b4f94',
  good: '#1f8a4c',
  bad: '#c0392b',
  pending: '#a8b3c2',
  categories: ['#2e7d32', '#e67e22', '#8e44ad', '#0b4f94'],
  kinds: ['#0b4f94', '#c0392b', '#1f8a4c'],
};
