import { createContext } from 'react';
import type { StepUpPrompt } from './step-up-prompt';

// Absent (null) in tests that render pages without it: the dialog then simply never opens.
export const StepUpContext = createContext<StepUpPrompt | null>(null);
