/** The only badges an employee can have. */
export const BADGES = [
  'Mac User',
  'Photographer',
  'Seven Wonders',
  'Super Hero',
  'Lifeguard',
  'Cloud Expert',
  'Coffee Lover',
] as const;

export type Badge = (typeof BADGES)[number];

export function toBadge(text: string): Badge | null {
  const wanted = text.trim().toLowerCase();
  return BADGES.find((badge) => badge.toLowerCase() === wanted) ?? null;
}
