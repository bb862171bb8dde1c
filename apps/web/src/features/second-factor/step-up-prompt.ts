import type { SecondFactorMethod } from '@hearth/contracts';

/** A request, open or not, to confirm it is still the person before a sensitive act. */
export interface StepUpRequest {
  readonly methods: readonly SecondFactorMethod[];
}

/**
 * Where the API client asks for a step-up and the dialog answers. `ask` resolves to true once
 * the person has confirmed (the client then repeats the refused call), false if they cancel.
 */
export interface StepUpPrompt {
  ask(methods: readonly SecondFactorMethod[]): Promise<boolean>;
  current(): StepUpRequest | null;
  subscribe(listener: () => void): () => void;
  /** Called by the dialog when the person confirmed (true) or gave up (false). */
  settle(confirmed: boolean): void;
}

export function createStepUpPrompt(): StepUpPrompt {
  let request: StepUpRequest | null = null;
  let waiting: ((confirmed: boolean) => void)[] = [];
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  return {
    ask(methods) {
      // Two refused calls at once share one dialog.
      request ??= { methods };
      changed();
      return new Promise((resolve) => waiting.push(resolve));
    },
    current: () => request,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    settle(confirmed) {
      const settled = waiting;
      waiting = [];
      request = null;
      changed();
      for (const resolve of settled) resolve(confirmed);
    },
  };
}
