import { useEffect, useState, type RefObject } from 'react';

/**
 * Calls `onChange` whenever `element` comes within `margin` of the viewport or leaves it (the
 * newest entry of each report is the element's state now); returns the disconnect. Without
 * IntersectionObserver (jsdom) it never calls and disconnects nothing.
 */
export function observeNear(
  element: Element,
  margin: string,
  onChange: (near: boolean) => void,
): () => void {
  if (typeof IntersectionObserver === 'undefined') return () => {};
  const observer = new IntersectionObserver(
    (entries) => {
      const entry = entries[entries.length - 1];
      if (entry) onChange(entry.isIntersecting);
    },
    { rootMargin: margin },
  );
  observer.observe(element);
  return () => observer.disconnect();
}

/** Whether the element is within 100 px of the viewport: true until the first observation
 * says otherwise (as UPlotChart assumes), and always without IntersectionObserver (jsdom). */
export function useInView(ref: RefObject<Element | null>): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const element = ref.current;
    return element ? observeNear(element, '100px', setInView) : undefined;
  }, [ref]);
  return inView;
}
