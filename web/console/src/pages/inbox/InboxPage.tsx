import { Placeholder } from '../../ui/Placeholder';

export function InboxPage() {
  return <Placeholder text="page.adminSoon" />;
}
