/**
 * A line drawing on a 24×24 grid with 2 px round strokes, in the text's colour. Decorative: the
 * control or link it sits in is named by its words.
 */
export function LineIcon({ d, className }: { d: string; className: string }) {
  return (
    <svg
      className={className}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={d} />
    </svg>
  );
}
