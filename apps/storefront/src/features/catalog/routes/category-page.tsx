// A category: its subcategories, then every product in it and below it, with filters.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useShopper } from '../../../lib/i18n';
import { api, type CategoryTree } from '../../../lib/trpc';
import { NotFoundPage } from '../../../routes/not-found-page';
import { ProductList } from '../components/product-list';

type Node = CategoryTree[number];

function findPath(nodes: Node[], slug: string, path: Node[] = []): Node[] | null {
  for (const node of nodes) {
    if (node.slug === slug) return [...path, node];
    const found = findPath(node.children, slug, [...path, node]);
    if (found) return found;
  }
  return null;
}

export function CategoryPage() {
  const { slug = '' } = useParams();
  const { locale, t } = useShopper();
  const tree = useQuery({
    queryKey: ['categories', locale],
    queryFn: () => api.shop.categories.query({ locale }),
  });
  const path = tree.data ? findPath(tree.data, slug) : null;
  if (tree.data && !path) return <NotFoundPage />;
  const category = path?.at(-1);

  return (
    <>
      <nav aria-label={t('breadcrumbs')} className="breadcrumbs">
        <ol>
          <li>
            <Link to="/">{t('home')}</Link>
          </li>
          {path?.map((node) => (
            <li key={node.id}>
              {node.slug === slug ? (
                <span aria-current="page">{node.name}</span>
              ) : (
                <Link to={`/c/${node.slug}`}>{node.name}</Link>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <h1>{category?.name ?? '\u00a0'}</h1>
      {category && category.children.length > 0 ? (
        <ul className="chips">
          {category.children.map((child) => (
            <li key={child.id}>
              <Link to={`/c/${child.slug}`}>{child.name}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      <ProductList category={slug} />
    </>
  );
}

export default CategoryPage;
