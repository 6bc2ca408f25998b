/**
 * The park authority's mark: a folded plan of plots, the same drawing as the favicon. Decorative
 * wherever it appears beside the authority's name, so it is hidden from screen readers.
 */
export function ParkLogo({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" className={className}>
      <rect width="32" height="32" rx="6" fill="#08473a" />
      <path d="M6 24V10l6-3 7 3 7-3v14l-7 3-7-3z" fill="#f6c445" stroke="#fff" strokeWidth="1.5" strokeLinejoin="round" />
      <path d="M12 7v14M19 10v14" stroke="#08473a" strokeWidth="1.5" />
    </svg>
  );
}
