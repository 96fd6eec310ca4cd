import { z } from 'zod';

/** Colour theme the user picked; 'system' follows the OS preference. */
export const themeSchema = z.enum(['system', 'light', 'dark']);
/** Colour theme the user picked; 'system' follows the OS preference. */
export type Theme = z.infer<typeof themeSchema>;

/** User preferences kept in the database, with their defaults. */
export const settingsSchema = z.object({ theme: themeSchema });
/** User preferences kept in the database. */
export type Settings = z.infer<typeof settingsSchema>;

/** Defaults for a fresh install. */
export const DEFAULT_SETTINGS: Settings = { theme: 'system' };
