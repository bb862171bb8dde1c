import type { ConnectionGrade } from '../call-state';
import { gradeWords } from '../call-client/connection-quality';

const bars: Record<ConnectionGrade, number> = { good: 3, fair: 2, poor: 1, unknown: 0 };

/** Three bars on a tile; the words are what screen readers hear (and the tooltip says). */
export function ConnectionIndicator({
  grade,
  isSelf,
}: {
  grade: ConnectionGrade;
  isSelf: boolean;
}) {
  const words = gradeWords(grade, isSelf);
  return (
    <span
      className="connection-indicator"
      data-testid="connection-indicator"
      data-grade={grade}
      title={words}
    >
      <span className="connection-indicator__bars" aria-hidden="true">
        {[1, 2, 3].map((n) => (
          <span key={n} className="connection-indicator__bar" data-on={String(n <= bars[grade])} />
        ))}
      </span>
      <span className="visually-hidden">{words}</span>
    </span>
  );
}
