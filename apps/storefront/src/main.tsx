// The storefront's entry. Until the catalog lands (issue 3) it renders a holding page that
// says so plainly, rather than pretending to be a shop.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HoldingPage } from './holding-page';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <HoldingPage />
  </StrictMode>,
);
