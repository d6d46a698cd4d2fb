// The staff back office renderer. Until the desktop app is built out (issue 6) it renders a
// holding page; the Electron shell, sign-in and modules arrive then.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HoldingPage } from './holding-page';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <HoldingPage />
  </StrictMode>,
);
