// Mounts its children only while they are near the viewport; elsewhere it keeps their place with
// an empty box of their last height. A large lab's page keeps its DOM to what can be seen.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { observeNear } from './useInView';

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
    if (!element) return;
    return observeNear(element, MARGIN, (isNear) => {
      if (!isNear && element.firstElementChild) {
        height.current = element.getBoundingClientRect().height;
      }
      setNear(isNear);
    });
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
