import { Link } from 'react-router';
import { useShopper } from '../lib/i18n';

export function NotFoundPage() {
  const { t } = useShopper();
  return (
    <section className="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link to="/">{t('notFound.home')}</Link>
    </section>
  );
}

export default NotFoundPage;
