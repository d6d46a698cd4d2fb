// Leaving an editor with unsaved changes asks first: "Leave without saving?" — stay (the default)
// or leave and lose them. Only for moves to another page; a screen holds at most one guard (a
// router supports one blocker at a time), so a page with several editors passes their states up.
import { App } from 'antd';
import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router';
import { usePrefs } from './i18n';

export function useLeaveGuard(dirty: boolean): { saved(): void } {
  const { t } = usePrefs();
  const { modal } = App.useApp();
  // A ref, so a navigation right after saving (e.g. to the new record) is not held by a
  // render that still thinks the form is dirty.
  const holding = useRef(dirty);
  holding.current = dirty;
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      holding.current && currentLocation.pathname !== nextLocation.pathname,
  );
  const current = useRef(blocker);
  current.current = blocker;
  // One question per held navigation, however often this renders while it waits.
  const asking = useRef(false);
  useEffect(() => {
    if (blocker.state !== 'blocked' || asking.current) return;
    asking.current = true;
    const answer = (leave: boolean) => {
      asking.current = false;
      if (leave) current.current.proceed?.();
      else current.current.reset?.();
    };
    modal.confirm({
      title: t('unsaved.title'),
      content: t('unsaved.body'),
      okText: t('unsaved.leave'),
      okButtonProps: { danger: true },
      cancelText: t('unsaved.stay'),
      onOk: () => answer(true),
      onCancel: () => answer(false),
    });
  }, [blocker.state, modal, t]);
  return {
    saved() {
      holding.current = false;
    },
  };
}
