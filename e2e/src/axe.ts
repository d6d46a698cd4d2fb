// Accessibility checks in the browser tests: axe-core (Deque's engine, the one browsers' audit
// tools use) run in the page against WCAG 2.1 A and AA. A test asserts a page has no violation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export async function accessibilityViolations(page: Page): Promise<Violation[]> {
  await animationsSettled(page);
  // Evaluated, not added as a script tag: the pages' Content-Security-Policy allows no inline script.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: {
          target: string[];
          any: { data?: { fgColor?: string; bgColor?: string; contrastRatio?: number } }[];
        }[];
      }[];
    }
    // With a modal dialog open, the page behind it is out of reach (and dimmed): check the dialog.
    const dialogs = [...document.querySelectorAll<HTMLElement>('[role="dialog"][aria-modal="true"]')].filter(
      (d) => d.getClientRects().length > 0,
    );
    const results = await axe.run(dialogs.at(-1) ?? document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 8).map((n) => {
        const d = n.any[0]?.data;
        return d?.fgColor
          ? `${n.target.join(' ')} (${d.fgColor} on ${d.bgColor}, ${d.contrastRatio})`
          : n.target.join(' ');
      }),
    }));
  });
}

/**
 * Waits for every running finite animation (a toast fading in, a drawer sliding) to end: in the
 * middle of a fade axe measures the half-transparent text and reports a contrast the user never
 * sees once it has landed (seen in CI on a loaded machine). Endless ones (spinners) are left.
 */
async function animationsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const finite = document
      .getAnimations()
      .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Number.POSITIVE_INFINITY));
    await Promise.race([
      Promise.allSettled(finite.map((a) => a.finished)),
      new Promise((resolve) => setTimeout(resolve, 10_000)),
    ]);
  });
}

/** Fails with the violations listed (rule, what it means, where). */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  expect(await accessibilityViolations(page), `accessibility of ${where}`).toEqual([]);
}

/** A screenshot of the page as the test left it, and its accessibility check (no violation). */
export async function screen(page: Page, path: string, where: string): Promise<void> {
  await page.screenshot({ path, fullPage: true });
  await expectAccessible(page, where);
}
