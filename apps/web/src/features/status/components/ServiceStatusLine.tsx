import { useServiceStatus } from '../hooks/useServiceStatus';
import { serviceStatusText } from '../service-status';
import './service-status.css';

export function ServiceStatusLine() {
  const status = useServiceStatus();
  return (
    // The region is rendered from the start so assistive technology announces later changes.
    <p className="service-status" data-status={status} role="status" aria-live="polite">
      <span className="service-status__dot" aria-hidden="true" />
      {serviceStatusText(status)}
    </p>
  );
}
