import { useEffect } from 'react';
import { pageTitle } from '../page-title';

/** Sets the tab title, which screen readers also announce when a page changes. */
export function useDocumentTitle(page?: string): void {
  useEffect(() => {
    document.title = pageTitle(page);
  }, [page]);
}
