// The search index and the code that searches it travel together, with the search results (SearchResults.vue), in one
// chunk loaded when the reader first goes to the search box.
import entries from 'virtual:lessons-search';
import { searchLessons, type SearchHit } from './search.js';

export function search(query: string): SearchHit[] {
  return searchLessons(entries, query);
}
