import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiClientContext, apiClient } from './api/client';
import { App } from './app/App';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element to render Hearth into');

createRoot(container).render(
  <StrictMode>
    <ApiClientContext value={apiClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </ApiClientContext>
  </StrictMode>,
);
