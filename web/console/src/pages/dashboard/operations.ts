/** The dashboard's GraphQL operations: today's numbers, and the live feeds that make it re-read them. */
import { graphql } from '../../gql';

export const DashboardDocument = graphql(`
  query Dashboard($teamId: ID) {
    dashboard(teamId: $teamId) {
      since
      timezone
      generatedAt
      team { id name }
      counts { bot queued open pending snoozed }
      createdToday
      resolvedToday
      queues { team { id name } length longestWaitSeconds averageWaitSeconds }
      agents { user { id name } presence presenceSince activeConversations }
      firstResponse { count averageSeconds medianSeconds }
      resolution { count averageSeconds medianSeconds }
      satisfaction { count average }
    }
  }
`);

export const DashboardTeamsDocument = graphql(`
  query DashboardTeams {
    teams { id name }
  }
`);

export const DashboardPresenceEventsDocument = graphql(`
  subscription DashboardPresenceEvents($teamId: ID) {
    presenceEvents(teamId: $teamId) { userId presence since }
  }
`);

/** Only that something happened: the dashboard re-reads its numbers rather than patching them. */
export const DashboardInboxEventsDocument = graphql(`
  subscription DashboardInboxEvents($filter: InboxEventFilter) {
    inboxEvents(filter: $filter) { kind seq }
  }
`);
