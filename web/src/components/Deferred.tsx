// Mounts its children only while they are near the viewport; elsewhere it keeps their place with
// an empty box of their last height. A large lab's page keeps its DOM to what can be seen.
import { useEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  /** Height (px) to reserve before the children were ever shown. */
  estimate: number;
  className?: string;
  children: ReactNode;
}

/** How far outside the viewport children are already mounted (and kept). */
const MARGIN = '200px 0px';

export function Deferred({ estimate, className, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  // Without IntersectionObserver (jsdom), everything is shown.
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  const height = useRef(estimate);

  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        const entry = entries[entries.length - 1];
        if (!entry) return;
        if (!entry.isIntersecting && element.firstElementChild) {
          height.current = element.getBoundingClientRect().height;
        }
        setNear(entry.isIntersecting);
      },
      { rootMargin: MARGIN },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <div
      ref={ref}
      className={className}
      style={near ? undefined : { height: height.current }}
      data-deferred={near ? undefined : ''}
    >
      {near ? children : null}
    </div>
  );
}
