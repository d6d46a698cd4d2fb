// Shown until the back office is built: staff use the API's demo accounts meanwhile.
export function HoldingPage() {
  return (
    <main
      style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '4rem auto', padding: '0 1rem' }}
    >
      <h1>Crossdock Back Office</h1>
      <p>
        The staff desktop app is not built yet. Its dashboard, catalog, orders and people screens arrive in a
        later release.
      </p>
    </main>
  );
}
