// One polite live region for short confirmations ("Copied"), read out by screen readers.
import { ref } from 'vue';

export const announcement = ref('');

export function announce(message: string): void {
  // Clear first so the same message twice in a row is announced twice.
  announcement.value = '';
  window.setTimeout(() => {
    announcement.value = message;
  }, 50);
}
