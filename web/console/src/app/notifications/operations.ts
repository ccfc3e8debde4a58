import { graphql } from '../../gql';

/** What a background notification needs to know about a new conversation or message. */
export const NotifyEventsDocument = graphql(`
  subscription NotifyEvents($filter: InboxEventFilter) {
    inboxEvents(filter: $filter) {
      kind
      conversation { id status contact { name } assignee { id } }
      message { content direction private }
    }
  }
`);
