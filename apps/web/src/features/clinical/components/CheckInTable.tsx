import type { CheckIn } from '@hearth/contracts';
import { gad7SeverityLabels, phq9SeverityLabels } from '../instruments';
import '../clinical.css';

/** A client's check-ins as a table: the figures of the trend chart, by session. */
export function CheckInTable({ checkIns }: { checkIns: readonly CheckIn[] }) {
  return (
    <table className="check-in-table">
      <caption className="visually-hidden">Check-ins by session</caption>
      <thead>
        <tr>
          <th scope="col" className="check-in-table__figure">
            Session
          </th>
          <th scope="col">PHQ-9</th>
          <th scope="col">GAD-7</th>
          <th scope="col" className="check-in-table__figure">
            Mood
          </th>
          <th scope="col" className="check-in-table__figure">
            Question 9
          </th>
        </tr>
      </thead>
      <tbody>
        {checkIns.map((c) => (
          <tr key={c.id}>
            <th scope="row" className="check-in-table__figure">
              {c.sessionNumber}
            </th>
            <td>
              {c.phq9Total} {phq9SeverityLabels[c.phq9Severity].toLowerCase()}
            </td>
            <td>
              {c.gad7Total} {gad7SeverityLabels[c.gad7Severity].toLowerCase()}
            </td>
            <td className="check-in-table__figure">{c.mood}/10</td>
            <td className="check-in-table__figure">{c.phq9[8]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
