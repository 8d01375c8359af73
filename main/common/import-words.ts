/**
 * The words for an import's skipped items, shared by the CLI and the renderer: the import
 * pipeline reports codes and numbers, and whoever shows them says them.
 */
import type { Skip } from './contract';

export function skipReason(skip: Skip): string {
  switch (skip.code) {
    case 'duplicate':
      return `already in the library as article ${skip.articleId}`;
    case 'updated': {
      const moved = skip.annotations
        ? `; ${skip.found} of its ${skip.annotations} annotations found in the new text${skip.found < skip.annotations ? ', the rest kept as not found' : ''}`
        : '';
      return `already in the library as article ${skip.articleId}: updated to this newer copy${moved}`;
    }
    case 'cancelled':
      return 'not imported: the import was cancelled';
  }
}
