// The search index and the code that searches it travel together, in one chunk loaded on the first search.
import entries from 'virtual:lessons-search';
import { searchLessons, type SearchHit } from './search.js';

export function search(query: string): SearchHit[] {
  return searchLessons(entries, query);
}
