import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { loadContracts } from './api/contracts-later';
import { takeContractBreaks } from './testing/fake-live';
// The shared controls' library is large; loaded once here, a lazily loaded page that uses it
// renders as soon as in the browser instead of racing the tests' one-second waits.
import 'react-aria-components';

// In the browser the first API call fetches its contracts chunk while the page renders; here that
// module is loaded once per file before the tests, so a test's own timeouts time the page alone.
await loadContracts();

// Testing Library only cleans up by itself when test globals are on; these tests import from vitest.
afterEach(() => {
  cleanup();
  // The call fake's requests and answers keep to the wire contract (see testing/fake-live.ts).
  const breaks = takeContractBreaks();
  if (breaks.length > 0) throw new Error(`Off the wire contract:\n${breaks.join('\n')}`);
});
