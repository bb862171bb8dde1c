import { Dialog } from '../../ui/Dialog';
import { callShortcuts, helpShortcut } from '../call-view-prefs';

/** The call's keyboard shortcuts, opened from "More" or with "?". */
export function ShortcutsDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog title="Keyboard shortcuts" isOpen={open} onOpenChange={onOpenChange}>
      <p>They work anywhere in the call except while you type in a text box.</p>
      <table className="shortcuts">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {[...callShortcuts, helpShortcut].map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
