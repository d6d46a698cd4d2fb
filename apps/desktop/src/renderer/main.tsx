// The staff back office renderer: runs in Electron (with the preload's bridge) or in a browser.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './a11y.css';
import './lists.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
