import { Placeholder } from '../../ui/Placeholder';

export default function DashboardPage() {
  return <Placeholder text="page.dashboardSoon" />;
}
