import { Placeholder } from '../../ui/Placeholder';

export default function AdminPage() {
  return <Placeholder text="page.adminSoon" />;
}
