// Slugs for prepopulated fields: safe in a browser bundle, so the form fills the slug as the title is typed with
// the same function the server uses. Korean stays readable (경사하강법 이해 → 경사하강법-이해), as in the blog's URLs.
import { slug } from 'github-slugger';

/** github-slugger's slug (GitHub's heading ids, what the blog's headings use) with runs of dashes folded. */
export function slugify(text: string): string {
  return slug(text.normalize('NFC').trim()).replace(/-{2,}/g, '-').replace(/^-|-$/g, '');
}
