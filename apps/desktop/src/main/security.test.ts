import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  externalLink,
  isAppUrl,
  mayNavigate,
  permissionDecision,
  windowOptions,
} from './security';

describe('window options', () => {
  it('isolates and sandboxes the renderer, without Node', () => {
    const prefs = windowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('content security policy', () => {
  it('allows scripts from the app only, and data from the chosen server', () => {
    const csp = contentSecurityPolicy('https://shop.example.com');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("connect-src 'self' https://shop.example.com");
    expect(csp).toContain("object-src 'none'");
    expect(contentSecurityPolicy(null)).toContain("connect-src 'self';");
  });
});

describe('navigation', () => {
  it('keeps navigation inside the app', () => {
    expect(mayNavigate('file:///opt/crossdock/index.html#/orders', 'file://')).toBe(true);
    expect(mayNavigate('https://evil.example/', 'file://')).toBe(false);
    expect(mayNavigate('http://localhost:5174/orders', 'http://localhost:5174')).toBe(true);
    expect(mayNavigate('http://localhost:5175/', 'http://localhost:5174')).toBe(false);
    expect(isAppUrl('not a url', 'file://')).toBe(false);
  });

  it('opens only plain web links outside', () => {
    expect(externalLink('https://docs.example.com/help')).toBe('https://docs.example.com/help');
    expect(externalLink('http://example.com')).toBe('http://example.com/');
    expect(externalLink('file:///etc/passwd')).toBeNull();
    expect(externalLink('javascript:alert(1)')).toBeNull();
    expect(externalLink('smb://server/share')).toBeNull();
    expect(externalLink('https://user:pass@example.com')).toBeNull();
    expect(externalLink('::nonsense')).toBeNull();
  });

  it('grants no permission', () => {
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read'])
      expect(permissionDecision(p)).toBe(false);
  });
});
