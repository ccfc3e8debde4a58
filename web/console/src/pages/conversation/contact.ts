/** How the contact panel shows a contact's custom attributes (a JSON object from integrations). */

/** The attributes as label/value pairs in key order; nested values are shown as compact JSON. */
export function attributeEntries(attributes: unknown): [string, string][] {
  if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) return [];
  return Object.entries(attributes as Record<string, unknown>)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => [key, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
}
