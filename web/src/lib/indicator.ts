// Burn-rate indicator levels and status glyphs: colour is never the only signal.
import type { IndicatorLevel, Status } from '../api/types';
import { isNum } from './format';

/**
 * Level of a burn rate, as the server decides it: normal below 1x, medium from 1x to 2x
 * inclusive (exactly 1 and exactly 2 are both "medium"), high above 2x. null = no data.
 */
export function levelFor(burnRate: number | null | undefined): IndicatorLevel | null {
  if (!isNum(burnRate)) return null;
  if (burnRate < 1) return 'normal';
  if (burnRate <= 2) return 'medium';
  return 'high';
}

export const LEVEL_GLYPH: Record<IndicatorLevel, string> = {
  normal: '✓',
  medium: '▲',
  high: '‼',
};

export const STATUS_GLYPH: Record<Status, string> = {
  Healthy: '✓',
  Degraded: '▲',
  Down: '✕',
};

/** Glyph for any status string (unknown ones get a neutral mark). */
export const statusGlyph = (status: string): string =>
  (STATUS_GLYPH as Record<string, string>)[status] ?? '•';
