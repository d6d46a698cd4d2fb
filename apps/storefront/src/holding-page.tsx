// Shown until the catalog and storefront are built: who we are and that the shop is coming.
export function HoldingPage() {
  return (
    <main
      style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '4rem auto', padding: '0 1rem' }}
    >
      <h1>Crossdock</h1>
      <p>The shop is not open yet. The catalog, cart and checkout arrive in the next releases.</p>
      <p lang="zh-CN">商店尚未开业，商品目录、购物车和结账功能即将上线。</p>
    </main>
  );
}
